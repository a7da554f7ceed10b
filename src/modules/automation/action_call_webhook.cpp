// call_webhook {"url"}: POSTs {"type": "automation.call_webhook", "rule_id", "object_type", "record"}
// as JSON to the URL. The URL is checked at creation (net::check_url with the operator's allow-list,
// the webhooks' SSRF policy) and again by net::HttpClient at each call, which connects only to the
// addresses it checked, follows no redirect, times out (connect 5 s, total 15 s) and reads at most
// 1 KB of the answer. A 2xx is success; anything else fails the step (it is not retried).
#include "modules/automation/action_kinds.hpp"
#include "modules/automation/action_support.hpp"
#include "platform/net/url_check.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxAnswerBytes = 1024;

class CallWebhook final : public Action {
 public:
  std::string_view type() const override { return "call_webhook"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"url"});
    auto url = text_param(env, params, "url", net::kMaxUrlLength, true);
    if (!url) return;
    auto target = net::check_url(*url, env.path + ".url", env.allow, env.resolver);
    if (!target) {
      Problem p = target.take_problem();
      if (p.errors.empty()) env.errors.push_back({env.path + ".url", "unavailable", p.detail});
      for (auto& e : p.errors) env.errors.push_back(std::move(e));
    }
  }

  Result<json::object> plan(ActionEnv&, const json::object& params) const override {
    return json::object{{"request", json::object{{"method", "POST"}, {"url", params.at("url")}}}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override {
    if (!env.http) return Problem::internal();
    net::HttpRequest req;
    req.url = std::string(params.at("url").as_string());
    req.headers = {{"Content-Type", "application/json"}};
    req.body = json::serialize(json::object{{"type", "automation.call_webhook"},
                                            {"rule_id", env.rule.id},
                                            {"object_type", env.spec.object},
                                            {"record", env.record}});
    req.max_response_bytes = kMaxAnswerBytes;
    net::HttpResult res = env.http->send(req);
    json::object detail{{"url", req.url}, {"duration_ms", res.duration.count()}};
    if (!res.responded())
      return Problem::unavailable(std::string(net::to_string(res.failure)) + ": " + res.error);
    detail["http_status"] = res.status;
    if (res.status < 200 || res.status >= 300)
      return Problem::unavailable("the receiver answered " + std::to_string(res.status));
    return detail;
  }
};

}  // namespace

const Action& call_webhook_action() {
  static const CallWebhook a;
  return a;
}

}  // namespace rapport::automation
