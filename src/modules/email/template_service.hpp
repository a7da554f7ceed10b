// The rules of email templates: every member of the workspace reads them; only admins create,
// change or delete them (403 for anyone else, before any lookup); another workspace's template is
// 404. Each part (subject, text, html) is compiled at save time against the workspace's fields
// (template_engine.hpp): an unknown or malformed merge field is a 422 naming the part, nothing
// stored. Writes are audited (object "email_templates"); PATCH and DELETE take If-Match.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "modules/email/email_record.hpp"
#include "modules/email/template_engine.hpp"
#include "modules/email/template_input.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/spec.hpp"

namespace rapport::email {

// Compiles a template's three parts; a problem names the failing parts.
struct CompiledParts {
  CompiledTemplate subject, text, html;
};
Result<CompiledParts> compile_parts(const Template& t, const FieldCatalog& catalog);

class TemplateService {
 public:
  TemplateService(db::Database& db, std::vector<const records::ObjectSpec*> specs) : db_(db), specs_(std::move(specs)) {}

  Result<std::vector<Template>> list(const identity::Context& ctx);
  Result<Template> get(const identity::Context& ctx, const std::string& id);
  // 409 beyond kMaxTemplates per workspace.
  Result<Template> create(const identity::Context& ctx, const TemplateChange& in);
  Result<Template> update(const identity::Context& ctx, const std::string& id, const TemplateChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);

 private:
  db::Database& db_;
  std::vector<const records::ObjectSpec*> specs_;
};

}  // namespace rapport::email
