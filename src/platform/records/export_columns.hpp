// The columns of a table export (CSV, XLSX) and the cells of a record in them, written so that the file
// reads back through an import into another workspace with no hand-made mapping (issue 14's round
// trip): amounts in their currency's major unit ("1500.00", which the import's money reader takes;
// the record's JSON has minor units), and after each reference's id the columns naming what it points
// to (FieldSpec::export_labels: a company's name and domain, a pipeline's and a stage's name, an
// owner's e-mail), and the columns the object's module adds (export_extras.hpp: a deal's contacts
// and stage history), read once per page (one query per reference field) in the page's read transaction,
// within the caller's read scope for records (a company the caller may not read is not named).
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json.hpp>

#include "platform/db/connection.hpp"
#include "platform/export/table.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/export_extras.hpp"
#include "platform/records/spec.hpp"

namespace rapport::records {

class ExportColumns {
 public:
  // The columns for this caller: id, the business fields (each reference followed by its labels), the
  // system fields but deleted_at, the keys a module adds to a record read for output (`first`: the
  // first record, nullptr when none), then the custom fields; none the role hides. Keeps references
  // to ctx, spec and defs.
  ExportColumns(const identity::Context& ctx, const ObjectSpec& spec, const std::vector<CustomFieldDef>& defs,
                const boost::json::object* first);

  std::vector<std::string> headers() const;
  // The labels of the references of `page` (records as the list returns them), replacing the last page's.
  void load_labels(db::Connection& c, const boost::json::array& page);
  // The record's cells, one per column.
  void cells(const boost::json::object& record, std::vector<exports::Cell>& out) const;

 private:
  struct Column {
    enum class Kind { Field, Custom, Label, Extra };
    Kind kind = Kind::Field;
    std::string key;                       // the record's key, the custom field's name, or the reference's
    const FieldSpec* field = nullptr;      // Field, Label: its spec
    const CustomFieldDef* custom = nullptr;
    std::size_t label = 0;                 // Label: which of the field's export_labels; Extra: which of the extras' headers
  };
  // A reference whose labels the export writes, and the labels of the page's ids.
  struct Labelled {
    const FieldSpec* field;
    std::vector<std::size_t> labels;  // indexes into field->export_labels (the ones not hidden)
    std::unordered_map<std::string, std::vector<std::string>> by_id;
  };

  exports::Cell money_cell(const boost::json::value& v, const std::string& currency) const;

  const identity::Context& ctx_;
  const ObjectSpec& spec_;
  std::vector<Column> columns_;
  std::vector<Labelled> labelled_;
  const ExportExtras* extras_of_ = nullptr;                          // the object's (export_extras.hpp), if any
  std::unordered_map<std::string, std::vector<std::string>> extras_;  // the page's Extra cells by record id
};

// A JSON value as a cell: text, a number, "true"/"false", a list's members joined by "; ".
exports::Cell cell_of(const boost::json::value& v);

}  // namespace rapport::records
