// The page form of a spec's `decorate` hook (spec.hpp), for an object whose decoration reads the
// database per record (a ticket's SLA targets): Store::list calls it once for the records of a list
// page, in place of decorate per record; single reads keep decorate. Registered by the module when
// it builds its spec (the object's type names it), read by every list of that object.
#pragma once
#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::records {

using PageDecorator = std::function<void(db::Connection&, const identity::Context&, std::vector<boost::json::object>& page)>;

// Sets the object's page decorator (before its first list; a second call replaces it).
void set_page_decorator(const std::string& object, PageDecorator decorate);

// The object's page decorator, or nullptr.
std::shared_ptr<const PageDecorator> page_decorator(const std::string& object);

}  // namespace rapport::records
