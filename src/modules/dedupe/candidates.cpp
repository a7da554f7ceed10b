#include "modules/dedupe/candidates.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <unordered_set>

#include "platform/case_fold.hpp"
#include "platform/db/bytewise.hpp"

namespace rapport::dedupe {
namespace json = boost::json;

namespace {

// The select list every object reads into the same eight columns: id, two name parts, e-mail and
// other addresses (JSON array), phone and other phones (JSON array), own domain.
std::string columns_of(std::string_view object) {
  if (object == "contacts") return "id, first_name, last_name, email, emails, phone, phones, NULL";
  if (object == "leads") return "id, first_name, last_name, email, NULL, phone, NULL, domain";
  return "id, name, NULL, NULL, NULL, phone, NULL, domain";  // companies
}

void add_list(std::vector<std::string>& out, std::string_view json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec || !v.is_array()) return;
  for (const auto& e : v.as_array())
    if (e.is_string()) out.emplace_back(e.as_string());
}

Candidate from_row(const db::Statement& row, Kind kind) {
  Candidate c;
  c.id = row.text(0);
  for (int i : {1, 2}) {
    c.name_parts.push_back(row.is_null(i) ? std::string() : row.text(i));
    if (c.name_parts.back().empty()) continue;
    if (!c.name.empty()) c.name += ' ';
    c.name += c.name_parts.back();
  }
  if (!row.is_null(3)) c.emails.push_back(row.text(3));
  if (!row.is_null(4)) add_list(c.emails, row.text_view(4));
  if (!row.is_null(5)) c.phones.push_back(row.text(5));
  if (!row.is_null(6)) add_list(c.phones, row.text_view(6));
  if (!row.is_null(7)) c.domain = row.text(7);
  prepare(c, kind);
  return c;
}

}  // namespace

bool is_deduplicated(std::string_view object) {
  return std::find(std::begin(kObjects), std::end(kObjects), object) != std::end(kObjects);
}

Kind kind_of(std::string_view object) { return object == "companies" ? Kind::Company : Kind::Person; }

std::vector<Candidate> load_all(db::Connection& c, const std::string& workspace_id, std::string_view object) {
  auto& q = c.prepare("SELECT " + columns_of(object) + " FROM " + std::string(object) +
                      " WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY id");
  q.bind_all({workspace_id});
  std::vector<Candidate> out;
  const Kind kind = kind_of(object);
  while (q.step()) out.push_back(from_row(q, kind));
  return out;
}

std::optional<Candidate> load_one(db::Connection& c, const std::string& workspace_id, std::string_view object,
                                  const std::string& id) {
  auto& q = c.prepare("SELECT " + columns_of(object) + " FROM " + std::string(object) +
                      " WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL");
  q.bind_all({workspace_id, id});
  if (!q.step()) return std::nullopt;
  Candidate out = from_row(q, kind_of(object));
  q.reset();
  return out;
}

std::vector<Candidate> load_near(db::Connection& c, const std::string& workspace_id, std::string_view object,
                                 const Candidate& rec) {
  // (column, value) lookups, each served by an index of the table (migrations: *_phone, *_email,
  // *_name, companies_domain).
  std::vector<std::pair<std::string, std::string>> lookups;
  auto add = [&](const char* column, std::string value) {
    if (!value.empty()) lookups.emplace_back(column, std::move(value));
  };
  auto part = [&](std::size_t i) { return i < rec.name_parts.size() ? case_fold::key(rec.name_parts[i]) : std::string(); };
  if (!rec.phones.empty()) add("phone", rec.phones.front());
  if (object == "companies") {
    add("domain", rec.domain);
    add("name_key", part(0));
  } else {
    if (!rec.emails.empty()) add("email_key", case_fold::key(rec.emails.front()));
    add("first_name_key", part(0));
    add("last_name_key", part(1));
  }
  std::unordered_set<std::string> seen{rec.id};
  std::vector<Candidate> out;
  const Kind kind = kind_of(object);
  for (const auto& [column, value] : lookups) {
    // Phone numbers compare as their indexes are built (db::bytewise).
    const std::string compared = column == "phone" ? db::bytewise(column, c.dialect()) : column;
    const std::string where = " FROM " + std::string(object) + " WHERE workspace_id = ? AND " + compared + " = ? AND deleted_at IS NULL";
    // A value shared by more than kMaxBlock records is no evidence (matcher.hpp), as in the scan: its
    // block is counted from the index (at most kMaxBlock + 1 entries) and passed by, where reading
    // and comparing 64 arbitrary records of a common name cost every create (docs/benchmarks.md).
    std::string count = "SELECT count(*) FROM (SELECT 1" + where + " LIMIT ";
    count += std::to_string(kMaxBlock + 1);
    count += ") AS block";
    if (std::get<int64_t>(c.scalar(count, {workspace_id, value})) > static_cast<int64_t>(kMaxBlock)) continue;
    auto& q = c.prepare("SELECT " + columns_of(object) + where);
    q.bind_all({workspace_id, value});
    while (q.step()) {
      Candidate found = from_row(q, kind);
      if (seen.insert(found.id).second) out.push_back(std::move(found));
    }
  }
  return out;
}

}  // namespace rapport::dedupe
