#include "modules/email/send_service.hpp"

#include <map>

#include "modules/email/email_store.hpp"
#include "modules/email/merge_fields.hpp"
#include "modules/email/mime_builder.hpp"
#include "modules/email/template_service.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/journal.hpp"
#include "platform/utf8.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

Problem not_found(const std::string& id) { return Problem::not_found("No email " + id + " in this workspace"); }

// "contact_id" -> ("contact", "contacts").
std::pair<std::string, std::string> objects_of(std::string_view link_key) {
  std::string singular(link_key.substr(0, link_key.size() - 3));
  for (const auto& [s, plural] : kMergeObjects)
    if (singular == s) return {singular, plural};
  return {singular, singular};
}

}  // namespace

Status EmailService::may_send(const identity::Context& ctx) const {
  if (ctx.scope("activities", identity::Action::Create) == identity::Scope::None)
    return Problem::forbidden("Sending an email logs it as an activity, which your role may not create");
  if (ctx.user_id.empty()) return Problem::forbidden("An email is sent by a user (an API key acts for its user)");
  return ok_status();
}

Result<Email> EmailService::send(const identity::Context& ctx, const SendRequest& in) {
  if (auto st = may_send(ctx); !st) return st.take_problem();

  // The records named, as the sender reads them: their values fill a template's merge fields.
  std::map<std::string, std::string> values;
  std::vector<FieldError> errors;
  for (const auto& kv : in.links) {
    auto [singular, plural] = objects_of(kv.key());
    records::Service* svc = services_(plural);
    if (!svc) return Problem::internal();
    auto record = svc->get(ctx, std::string(kv.value().as_string()));
    if (!record) {
      errors.push_back({std::string(kv.key()), "not_found", "names no " + singular + " you can read"});
      continue;
    }
    boost::system::error_code ec;
    json::value v = json::parse(record->body, ec);
    if (!ec && v.is_object()) add_values(values, singular, v.as_object());
  }
  // A reply: to an email the sender can read (a 422 naming in_reply_to otherwise, as for a record).
  std::optional<Email> parent;
  if (in.in_reply_to) {
    auto p = get(ctx, *in.in_reply_to);
    if (p) parent = std::move(*p);
    else errors.push_back({"in_reply_to", "not_found", "names no email you can read"});
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));

  Email e;
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto queued = queue_email(c, ctx, specs_, in, values, ctx.user_id,
                              {.parent = parent ? &*parent : nullptr, .files_bytes = limits_.outbound_files_bytes()});
    if (!queued) return queued.take_problem();
    e = std::move(*queued);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return e;
}

Result<Email> queue_email(db::Connection& c, const identity::Context& ctx, const std::vector<const records::ObjectSpec*>& specs,
                          const SendRequest& in, const std::map<std::string, std::string>& values, const std::string& created_by,
                          const QueueOptions& options) {
  Email e;
  e.id = ids::uuid_v7();
  if (const Email* parent = options.parent) {
    // RFC 5322 §3.6.4: the parent's References (else its In-Reply-To), then the parent itself.
    e.thread_id = parent->thread_id.empty() ? parent->id : parent->thread_id;
    e.in_reply_to = parent->message_id;
    e.references = parent->references;
    if (e.references.empty() && parent->in_reply_to) e.references.push_back(*parent->in_reply_to);
    e.references.push_back(parent->message_id);
    if (e.references.size() > kMaxReplyReferences)
      e.references.erase(e.references.begin(), e.references.end() - static_cast<std::ptrdiff_t>(kMaxReplyReferences));
  }
  e.workspace_id = ctx.workspace_id;
  e.created_by = created_by;
  e.to = in.to;
  e.cc = in.cc;
  e.links = in.links;
  e.created_at = clock::now_text();
  auto settings = store::find_settings(c, ctx.workspace_id);
  if (!settings) return Problem::conflict("Email is not set up in this workspace: an admin sets PUT /api/v1/email/settings");
  e.sender = settings->sender;
  e.message_id = in.message_id.empty() ? new_message_id(e.sender) : in.message_id;
  if (!options.parent && in.parent_message_id) {
    e.in_reply_to = in.parent_message_id;
    e.references = in.references;
  }
  if (in.template_id) {
    auto t = store::find_template(c, ctx.workspace_id, *in.template_id);
    if (!t) return Problem::invalid({{"template_id", "not_found", "names no email template of this workspace"}});
    // Compiled again now: a custom field deleted since the template was saved is refused, not blank.
    auto parts = compile_parts(*t, field_catalog(c, ctx.workspace_id, specs));
    if (!parts) {
      Problem p = parts.take_problem();
      return Problem::invalid({{"template_id", "template", "the template no longer compiles: " + p.errors.front().field + " " +
                                                              p.errors.front().message}});
    }
    std::vector<FieldError> missing;
    for (const CompiledTemplate* part : {&parts->subject, &parts->text, &parts->html})
      for (const auto& object : part->objects())
        if (!in.links.contains(object + "_id") &&
            std::none_of(missing.begin(), missing.end(), [&](const FieldError& f) { return f.field == object + "_id"; }))
          missing.push_back({object + "_id", "required", "is required: the template uses " + object + " fields"});
    if (!missing.empty()) return Problem::invalid(std::move(missing));
    e.template_id = t->id;
    e.subject = render(parts->subject, values, false);
    e.text_body = render(parts->text, values, false);
    e.html_body = render(parts->html, values, true);
    // Values may hold line breaks (a note): a subject keeps one line.
    for (auto& ch : e.subject)
      if (ch == '\r' || ch == '\n') ch = ' ';
  } else {
    e.subject = in.subject.value_or("");
    e.text_body = in.body.value_or("");
    e.html_body = in.html.value_or("");
  }
  if (!in.attachment_ids.empty()) {
    // The sender's own uploads, not sent with another email, in the order named, bounded together.
    auto files = store::unsent_uploads(c, ctx.workspace_id, created_by, in.attachment_ids);
    if (files.size() != in.attachment_ids.size())
      return Problem::invalid({{"attachment_ids", "not_found", "names a file you did not upload (POST /api/v1/attachments) or one sent already"}});
    std::size_t total = 0;
    for (const auto& id : in.attachment_ids)
      for (auto& f : files)
        if (f.id == id) {
          total += static_cast<std::size_t>(f.size);
          e.attachments.push_back(f);
        }
    if (total > options.files_bytes)
      return Problem::invalid({{"attachment_ids", "too_large", counted("are larger than ", options.files_bytes, " bytes together")}});
  }
  e.job_id = jobs::enqueue(c, {.type = kSendJob, .payload = json::object{{"email_id", e.id}}, .workspace_id = ctx.workspace_id});
  store::insert_email(c, e);
  store::attach_uploads(c, ctx.workspace_id, e.id, in.attachment_ids);
  json::object shown = e.to_json();
  journal::audit(c, ctx, "emails", e.id, "send",
                 journal::diff(json::object{}, json::object{{"to", shown.at("to")}, {"cc", shown.at("cc")},
                                                            {"subject", e.subject}, {"template_id", shown.at("template_id")}}));
  return e;
}

Result<Email> EmailService::get(const identity::Context& ctx, const std::string& id) {
  auto e = db_.read([&](db::Connection& c) {
    auto e = store::find_email(c, ctx.workspace_id, id);
    if (!e) e = store::find_received(c, ctx.workspace_id, id);
    if (e) e->attachments = store::attachments_of(c, ctx.workspace_id, id);
    return e;
  });
  if (!e) return not_found(id);
  if (ctx.is_admin() || (!e->created_by.empty() && e->created_by == ctx.user_id)) return std::move(*e);
  if (reads_thread(ctx, e->thread_id.empty() ? e->id : e->thread_id)) return std::move(*e);
  return not_found(id);
}

bool EmailService::reads_thread(const identity::Context& ctx, const std::string& thread_id) {
  // Bounded: a thread naming many records is checked on its first 50 (each a record read).
  auto records = db_.read([&](db::Connection& c) { return store::thread_records(c, ctx.workspace_id, thread_id, 50); });
  for (const auto& [key, record_id] : records)
    if (records::Service* svc = services_(objects_of(key).second); svc && svc->get(ctx, record_id)) return true;
  return false;
}

Result<store::EmailPage> EmailService::list(const identity::Context& ctx, ListRequest in) {
  if (!in.filter.record_key.empty()) {
    auto [singular, plural] = objects_of(in.filter.record_key);
    records::Service* svc = services_(plural);
    if (!svc) return Problem::internal();
    if (!svc->get(ctx, in.filter.record_id)) return Problem::not_found("No " + singular + " " + in.filter.record_id + " in this workspace");
  } else if (!ctx.is_admin()) {
    if (ctx.user_id.empty()) return store::EmailPage{};  // a key without a user sends nothing
    in.filter.created_by = ctx.user_id;
  }
  auto page = db_.read([&](db::Connection& c) { return store::list_emails(c, ctx.workspace_id, in.filter, in.limit, in.after); });
  // A contact's, lead's or deal's threads concern it: its reader reads them (get()). A company's
  // threads are its contacts' mail, which is read through them: only the threads the caller reads
  // are listed (a page may then hold fewer than `limit`, next_cursor still goes on).
  if (in.filter.record_key == "company_id" && !ctx.is_admin()) {
    std::map<std::string, bool> readable;  // by thread
    std::erase_if(page.emails, [&](const Email& e) {
      if (!e.created_by.empty() && e.created_by == ctx.user_id) return false;
      auto [it, fresh] = readable.try_emplace(e.thread_id, false);
      if (fresh) it->second = reads_thread(ctx, e.thread_id);
      return !it->second;
    });
  }
  return page;
}

Result<store::StoredFile> EmailService::attachment(const identity::Context& ctx, const std::string& id) {
  auto file = db_.read([&](db::Connection& c) { return store::find_attachment(c, ctx.workspace_id, id); });
  // Whoever may read the email it belongs to (get() above), or the record holding it (its module
  // says), or, neither sent nor held, its uploader and admins; no one else, even to learn it exists.
  bool readable = false;
  if (file && !file->email_id.empty()) readable = static_cast<bool>(get(ctx, file->email_id));
  else if (file && !file->held_by.empty())
    readable = held_access_ && db_.read([&](db::Connection& c) { return held_access_(c, ctx, file->held_by); });
  else if (file) readable = ctx.is_admin() || file->uploaded_by == ctx.user_id;
  if (!readable) return Problem::not_found("No attachment " + id + " in this workspace");
  return std::move(*file);
}

Result<Attachment> EmailService::upload(const identity::Context& ctx, const std::string& file_name, std::string_view content_type,
                                        std::string_view bytes) {
  if (auto st = may_send(ctx); !st) return st.take_problem();
  std::vector<FieldError> errors;
  auto chars = utf8::decode(file_name);
  if (!chars || chars->empty() || chars->size() > 255 ||
      std::any_of(chars->begin(), chars->end(), [](char32_t c) { return c < 0x20 || c == 0x7f || c == '/' || c == '\\'; }))
    errors.push_back({"file_name", "format", "must be a file name of 1 to 255 characters, without control characters or slashes"});
  if (bytes.empty()) errors.push_back({"file", "required", "the body is the file, and it is empty"});
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  // The media type as named, when it is one (type/subtype of token characters); bytes otherwise.
  std::string type(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto token = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || std::string_view("!#$&^_.+-").find(ch) != std::string_view::npos; };
  auto slash = type.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == type.size() || type.size() > 127 ||
      !std::all_of(type.begin(), type.end(), [&](char ch) { return ch == '/' || token(ch); }) || type.find('/', slash + 1) != std::string::npos)
    type = "application/octet-stream";
  Attachment a{.file_name = file_name, .content_type = type};
  Status st = db_.write([&](db::Connection& c) -> Status {
    store::insert_upload(c, ctx.workspace_id, ctx.user_id, a, bytes);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return a;
}

}  // namespace rapport::email
