#include "modules/marketing/members_page.hpp"

namespace rapport::marketing {
Result<records::ListParams> read_page_params(const std::vector<std::pair<std::string, std::string>>& query) {
  // The route declares limit, cursor and count only: the Api wrapper refused anything else.
  return records::parse_list_params(query);
}

Result<std::string> members_page(db::Connection& c, const identity::Context& ctx, const records::Store& contacts,
                                 const Sql& condition, const records::ListParams& params) {
  auto q = records::compile_list(contacts.spec(), {}, params, c.dialect(), ctx.workspace_id);
  if (!q) return q.take_problem();
  q->where += condition.text;
  q->params.insert(q->params.end(), condition.params.begin(), condition.params.end());
  // The contacts list's answer (records::Service::list), for these contacts.
  records::Page page = contacts.list(c, ctx, *q, params.count);
  std::string out = "{\"data\":" + page.data_json + ",\"next_cursor\":";
  out += page.next_cursor ? boost::json::serialize(boost::json::value(*page.next_cursor)) : std::string("null");
  if (page.total) out += ",\"total\":" + std::to_string(*page.total);
  return out + "}";
}

}  // namespace rapport::marketing
