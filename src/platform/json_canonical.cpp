#include "platform/json_canonical.hpp"

#include <boost/json/serialize.hpp>
#include <algorithm>
#include <vector>

namespace rapport::json_canonical {
namespace json = boost::json;

namespace {

void append(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      const auto& o = v.get_object();
      std::vector<const json::key_value_pair*> members;
      members.reserve(o.size());
      for (const auto& kv : o) members.push_back(&kv);
      // std::string_view compares as unsigned bytes (char_traits<char>::compare is memcmp).
      std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i) out.push_back(',');
        out += json::serialize(json::string_view(members[i]->key()));
        out.push_back(':');
        append(out, members[i]->value());
      }
      out.push_back('}');
      return;
    }
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append(out, e);
      }
      out.push_back(']');
      return;
    }
    default: out += json::serialize(v); return;
  }
}

}  // namespace

std::string text(const json::value& v) {
  std::string out;
  append(out, v);
  return out;
}

}  // namespace rapport::json_canonical
