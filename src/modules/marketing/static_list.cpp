#include "modules/marketing/static_list.hpp"

namespace rapport::marketing {
namespace json = boost::json;

json::object StaticList::to_json() const {
  return {{"id", id},
          {"name", name},
          {"description", description ? json::value(*description) : json::value(nullptr)},
          {"created_by", created_by.empty() ? json::value(nullptr) : json::value(created_by)},
          {"version", version},
          {"created_at", created_at},
          {"updated_at", updated_at}};
}

}  // namespace rapport::marketing
