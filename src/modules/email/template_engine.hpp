// Merge fields in email templates: `{{object.field}}` (spaces inside the braces allowed), where
// object is contact, company, lead or deal and field one of that record's fields (custom fields as
// `custom.<name>`). No loops, conditions or partials: compiling is one pass over the text and
// rendering one pass over the pieces, so the cost is linear in the template and the values.
//
// compile() refuses, with a message naming the place, an unclosed or empty `{{`, a name that is not
// object.field, and a field the catalog does not know: a template never renders a blank for a typo.
// render() HTML-escapes values for an HTML part (& < > " ') and inserts them as they are in text
// parts and subjects; a field whose record has no value (null) renders empty. Pure functions, no
// state: they take bytes and answer a result (fuzzable).
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/public_page.hpp"
#include "platform/problem.hpp"

namespace rapport::email {

inline constexpr std::size_t kMaxTemplateBytes = 100 * 1024;  // per part
inline constexpr std::size_t kMaxMergeFields = 200;            // per part
inline constexpr std::size_t kMaxFieldNameBytes = 100;

// Whether `object.field` names a field the template may use.
using FieldCatalog = std::function<bool(std::string_view object, std::string_view field)>;

struct CompiledTemplate {
  struct Piece {
    bool field = false;
    std::string text;  // literal text, or the field's "object.field"
  };
  std::vector<Piece> pieces;
  // The records it reads ("contact", "deal", ...), each once.
  std::vector<std::string> objects() const;
};

// Problems are 422 naming `field_path` (e.g. "html"), the message saying where and what.
Result<CompiledTemplate> compile_template(std::string_view text, const FieldCatalog& catalog, std::string_view field_path);

// values: "object.field" -> text (absent: empty).
std::string render(const CompiledTemplate& t, const std::map<std::string, std::string>& values, bool html);

// Text as HTML (the public pages' escape).
using http::html_escape;

}  // namespace rapport::email
