#include "modules/marketing/segment.hpp"

namespace rapport::marketing {
namespace json = boost::json;

json::object Segment::to_json() const {
  return {{"id", id},
          {"name", name},
          {"object", object_type},
          {"filter", filter},
          {"created_by", created_by.empty() ? json::value(nullptr) : json::value(created_by)},
          {"version", version},
          {"created_at", created_at},
          {"updated_at", updated_at}};
}

}  // namespace rapport::marketing
