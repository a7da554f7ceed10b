#include "modules/email/email_record.hpp"

#include "modules/email/html_text.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

json::value nullable(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

std::string counted(std::string_view before, std::size_t n, std::string_view after) {
  std::string out(before);
  out += std::to_string(n);
  out += after;
  return out;
}

json::object Email::to_json() const {
  json::object o{{"id", id},
                 {"status", status},
                 {"from", sender},
                 {"to", strings(to)},
                 {"cc", strings(cc)},
                 {"subject", subject},
                 {"text", text_body.empty() && !html_body.empty() ? html_text(html_body) : text_body},
                 {"html", html_body},
                 {"template_id", nullable(template_id)},
                 {"message_id", message_id},
                 {"attempts", attempts},
                 {"error", nullable(error)},
                 {"job_id", nullable(job_id)},
                 {"created_by", created_by.empty() ? json::value(nullptr) : json::value(created_by)},
                 {"created_at", created_at},
                 {"sent_at", nullable(sent_at)},
                 {"direction", direction},
                 {"thread_id", thread_id.empty() ? id : thread_id},
                 {"in_reply_to", nullable(in_reply_to)}};
  for (const char* k : kLinkKeys) o[k] = links.contains(k) ? links.at(k) : json::value(nullptr);
  if (received()) o["contact_ids"] = strings(contact_ids);
  json::array files;
  for (const auto& a : attachments) files.push_back(a.to_json());
  o["attachments"] = std::move(files);
  return o;
}

json::object Attachment::to_json() const {
  return json::object{{"id", id}, {"file_name", file_name}, {"content_type", content_type}, {"size", size}, {"sha256", sha256}};
}

json::object Template::to_json() const {
  return json::object{{"id", id},
                      {"name", name},
                      {"subject", subject},
                      {"text", text_body.empty() && !html_body.empty() ? html_text(html_body) : text_body},
                      {"html", html_body},
                      {"version", version},
                      {"created_by", created_by},
                      {"created_at", created_at},
                      {"updated_at", updated_at}};
}

}  // namespace rapport::email
