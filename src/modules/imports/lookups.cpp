#include "modules/imports/lookups.hpp"

#include <unordered_set>

#include "platform/case_fold.hpp"
#include "platform/db/in_chunks.hpp"
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
  auto made = records::insert_many(c, ctx_, companies_, {body}, imported_);
  if (!made[0]) return made[0].take_problem();
  std::string id(made[0]->at("id").as_string());
  remember_created(name, domain, id);
  created = id;
  return std::optional<std::string>(id);
}

void Lookups::remember_created(const std::string& name, const std::string& domain, const std::string& id) {
  if (!domain.empty()) {
    remember(by_domain_, domain, id);
    created_keys_.emplace_back(true, domain);
  }
  if (!name.empty()) {
    std::string key = case_fold::key(name);
    remember(by_name_, key, id);
    created_keys_.emplace_back(false, key);
  }
}

namespace {

// The live companies of the workspace by `column` (domain or name_key) for these values; the first
// created wins when several share one (as find_company's ORDER BY). Picked here, not by an ORDER BY
// in the query: with one, SQLite walks the companies by creation date instead of the column's index.
std::unordered_map<std::string, std::string> companies_by(db::Connection& c, const std::string& workspace_id, const char* column,
                                                          const std::vector<std::string>& values) {
  std::unordered_map<std::string, std::pair<std::string, std::string>> first;  // key -> (created_at, id)
  db::rows_in_chunks(c, std::string("SELECT ") + column + ", created_at, id FROM companies WHERE workspace_id = ? AND deleted_at IS NULL AND " +
                            column + " IN ",
                     {workspace_id}, {values.begin(), values.end()}, "", [&](const db::Statement& st) {
                       std::pair<std::string, std::string> at{st.text(1), st.text(2)};
                       auto [it, added] = first.emplace(st.text(0), at);
                       if (!added && at < it->second) it->second = std::move(at);
                     });
  std::unordered_map<std::string, std::string> out;
  for (auto& [key, at] : first) out.emplace(key, std::move(at.second));
  return out;
}

}  // namespace

std::vector<Lookups::CompanyAnswer> Lookups::companies(db::Connection& c, const std::vector<std::pair<std::string, std::string>>& wanted) {
  const std::size_t n = wanted.size();
  // The domains and names (by key) not remembered, each asked once.
  std::vector<std::string> keys(n), domains, names;
  std::unordered_set<std::string> asked_domains, asked_names;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [name, domain] = wanted[i];
    if (!domain.empty() && !by_domain_.contains(domain) && asked_domains.insert(domain).second) domains.push_back(domain);
    if (name.empty()) continue;
    keys[i] = case_fold::key(name);
    if (!by_name_.contains(keys[i]) && asked_names.insert(keys[i]).second) names.push_back(keys[i]);
  }
  Memory found_domain = companies_by(c, ctx_.workspace_id, "domain", domains);
  Memory found_name = companies_by(c, ctx_.workspace_id, "name_key", names);
  // Each row in order, as company() would answer it: by domain then name, among the remembered,
  // the found and those an earlier row of the batch is to create; else a new company to create.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::string> ids(n);
  std::vector<std::size_t> plan_of(n, kNone);
  std::vector<bool> creator(n, false);
  std::vector<std::pair<std::string, std::string>> plans;  // (name, domain) of the companies to create
  std::unordered_map<std::string, std::size_t> plan_domain, plan_name;
  auto find = [&](const Memory& memory, const Memory& found, const std::unordered_map<std::string, std::size_t>& planned,
                  const std::string& key, std::size_t i) {
    if (auto it = memory.find(key); it != memory.end()) ids[i] = it->second;
    else if (auto f = found.find(key); f != found.end()) ids[i] = f->second;
    else if (auto p = planned.find(key); p != planned.end()) plan_of[i] = p->second;
    else return false;
    return true;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [name, domain] = wanted[i];
    if (name.empty() && domain.empty()) continue;
    if (!domain.empty() && find(by_domain_, found_domain, plan_domain, domain, i)) continue;
    if (!name.empty() && find(by_name_, found_name, plan_name, keys[i], i)) continue;
    if (!create_companies_) continue;
    plan_of[i] = plans.size();
    creator[i] = true;
    if (!domain.empty()) plan_domain[domain] = plans.size();
    if (!name.empty()) plan_name[keys[i]] = plans.size();
    plans.emplace_back(name, domain);
  }
  for (auto* found : {&found_domain, &found_name})
    for (const auto& [key, id] : *found) remember(found == &found_domain ? by_domain_ : by_name_, key, id);
  std::vector<json::object> bodies;
  for (const auto& [name, domain] : plans) {
    json::object body{{"name", name.empty() ? domain : name}};
    if (!domain.empty()) body["domain"] = domain;
    bodies.push_back(std::move(body));
  }
  auto made = bodies.empty() ? std::vector<Result<json::object>>{} : records::insert_many(c, ctx_, companies_, bodies, imported_);
  std::vector<std::string> made_ids(plans.size());
  for (std::size_t k = 0; k < plans.size(); ++k)
    if (made[k]) {
      made_ids[k] = std::string(made[k]->at("id").as_string());
      remember_created(plans[k].first, plans[k].second, made_ids[k]);
    }
  std::vector<CompanyAnswer> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (plan_of[i] == kNone) {
      out.push_back({ids[i].empty() ? std::optional<std::string>() : std::optional<std::string>(ids[i]), false});
    } else if (made[plan_of[i]]) {
      out.push_back({std::optional<std::string>(made_ids[plan_of[i]]), creator[i]});
    } else {
      out.push_back({made[plan_of[i]].problem(), false});
    }
  }
  return out;
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
