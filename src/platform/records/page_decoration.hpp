// The page form of a spec's `decorate` hook (spec.hpp), for an object whose decoration reads the
// database per record (a ticket's SLA targets): Store::list calls it once for the records of a list
// page, in place of decorate per record, with what the spec's kept columns hold for each record,
// and writes what it gives into each record's JSON (the records stay text, which building each as an
// object would cost more than the query); single reads keep decorate. Registered by the module when
// it builds its spec (by the object's type).
#pragma once
#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::records {

// A record of a list page as its decorator sees it: its id, and the text of each of the spec's kept
// columns (ObjectSpec::kept_columns, in their order; nullopt where the column is NULL).
struct PageRecord {
  std::string id;
  std::vector<std::optional<std::string>> kept;
};

// Given the page's records in order, the members to add to each record (e.g. {"sla": ...}), in the
// same order; they follow the record's own members.
using PageDecorator = std::function<std::vector<boost::json::object>(db::Connection&, const identity::Context&,
                                                                     const std::vector<PageRecord>& records)>;

// Sets the object's page decorator (before its first list; a second call replaces it).
void set_page_decorator(const std::string& object, PageDecorator decorate);

// The object's page decorator, or nullptr.
std::shared_ptr<const PageDecorator> page_decorator(const std::string& object);

}  // namespace rapport::records
