#include "modules/imports/lookups.hpp"

#include "platform/case_fold.hpp"
#include "platform/records/service.hpp"

namespace rapport::imports {
namespace json = boost::json;

namespace {

std::optional<std::string> text_of(const db::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return std::nullopt;
}

}  // namespace

void Lookups::remember(Memory& m, const std::string& key, const std::string& id) {
  if (m.size() >= kLookupsRemembered) m.clear();
  m.emplace(key, id);
}

std::optional<std::string> Lookups::find_company(db::Connection& c, const std::string& name, const std::string& domain) {
  if (!domain.empty()) {
    if (auto it = by_domain_.find(domain); it != by_domain_.end()) return it->second;
    auto id = text_of(c.scalar("SELECT id FROM companies WHERE workspace_id = ? AND domain = ? AND deleted_at IS NULL",
                               {ctx_.workspace_id, domain}));
    if (id) {
      remember(by_domain_, domain, *id);
      return id;
    }
  }
  if (!name.empty()) {
    std::string key = case_fold::key(name);
    if (auto it = by_name_.find(key); it != by_name_.end()) return it->second;
    auto id = text_of(c.scalar("SELECT id FROM companies WHERE workspace_id = ? AND name_key = ? AND deleted_at IS NULL "
                               "ORDER BY created_at, id LIMIT 1",
                               {ctx_.workspace_id, key}));
    if (id) {
      remember(by_name_, key, *id);
      return id;
    }
  }
  return std::nullopt;
}

Result<std::optional<std::string>> Lookups::company(db::Connection& c, const std::string& name, const std::string& domain,
                                                    std::optional<std::string>& created) {
  if (name.empty() && domain.empty()) return std::optional<std::string>();
  if (auto id = find_company(c, name, domain)) return id;
  if (!create_companies_) return std::optional<std::string>();
  json::object body{{"name", name.empty() ? domain : name}};
  if (!domain.empty()) body["domain"] = domain;
  auto rec = records::insert_new(c, ctx_, companies_, body);
  if (!rec) return rec.take_problem();
  std::string id(rec->at("id").as_string());
  if (!domain.empty()) {
    remember(by_domain_, domain, id);
    created_keys_.emplace_back(true, domain);
  }
  if (!name.empty()) {
    std::string key = case_fold::key(name);
    remember(by_name_, key, id);
    created_keys_.emplace_back(false, key);
  }
  created = id;
  return std::optional<std::string>(id);
}

void Lookups::forget_since(std::size_t mark) {
  for (std::size_t i = mark; i < created_keys_.size(); ++i)
    (created_keys_[i].first ? by_domain_ : by_name_).erase(created_keys_[i].second);
  created_keys_.resize(std::min(mark, created_keys_.size()));
}

std::optional<std::string> Lookups::user(db::Connection& c, const std::string& email) {
  std::string key = case_fold::key(email);
  if (auto it = users_.find(key); it != users_.end()) return it->second;
  auto id = text_of(c.scalar("SELECT id FROM users WHERE workspace_id = ? AND lower(email) = lower(?)", {ctx_.workspace_id, email}));
  if (id) remember(users_, key, *id);
  return id;
}

std::optional<std::string> Lookups::pipeline(db::Connection& c, const std::string& name) {
  std::string key = case_fold::key(name);
  if (auto it = pipelines_.find(key); it != pipelines_.end()) return it->second;
  auto id = name.empty()
                ? text_of(c.scalar("SELECT id FROM pipelines WHERE workspace_id = ? AND archived_at IS NULL ORDER BY position, id LIMIT 1",
                                   {ctx_.workspace_id}))
                : text_of(c.scalar("SELECT id FROM pipelines WHERE workspace_id = ? AND lower(name) = lower(?) AND archived_at IS NULL",
                                   {ctx_.workspace_id, name}));
  if (id) remember(pipelines_, key, *id);
  return id;
}

std::optional<std::string> Lookups::stage(db::Connection& c, const std::string& pipeline_id, const std::string& name) {
  std::string key = pipeline_id + "\n" + case_fold::key(name);
  if (auto it = stages_.find(key); it != stages_.end()) return it->second;
  auto id = text_of(c.scalar(
      "SELECT id FROM pipeline_stages WHERE workspace_id = ? AND pipeline_id = ? AND lower(name) = lower(?) AND archived_at IS NULL "
      "ORDER BY position LIMIT 1",
      {ctx_.workspace_id, pipeline_id, name}));
  if (id) remember(stages_, key, *id);
  return id;
}

std::optional<std::string> Lookups::contact(db::Connection& c, const std::string& email) {
  std::string key = case_fold::key(email);
  if (auto it = contacts_.find(key); it != contacts_.end()) return it->second;
  auto id = text_of(c.scalar("SELECT id FROM contacts WHERE workspace_id = ? AND email_key = ? AND deleted_at IS NULL LIMIT 1",
                             {ctx_.workspace_id, key}));
  if (id) remember(contacts_, key, *id);
  return id;
}

}  // namespace rapport::imports
