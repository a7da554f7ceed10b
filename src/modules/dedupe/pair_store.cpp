#include "modules/dedupe/pair_store.hpp"

#include <charconv>

#include "platform/records/scope.hpp"

namespace rapport::dedupe {
namespace json = boost::json;

namespace {

std::string reasons_text(const std::vector<std::string>& reasons) {
  json::array a;
  for (const auto& r : reasons) a.emplace_back(r);
  return json::serialize(a);
}

// The field whose value a reason tells of, for the caller's hidden-field rules.
std::vector<std::string_view> fields_of_reason(std::string_view object, std::string_view reason) {
  if (reason == "same email") return {"email", "emails"};
  if (reason == "same phone") return {"phone", "phones"};
  if (reason == "same domain") return {"domain"};
  if (object == "companies") return {"name"};
  return {"first_name", "last_name"};
}

void insert(db::Connection& c, const std::string& sql, const std::string& workspace_id, std::string_view object,
            const std::vector<StoredPair>& pairs, const std::string& now) {
  auto& st = c.prepare(sql);
  for (const auto& p : pairs) {
    st.bind_all({workspace_id, std::string(object), p.a, p.b, int64_t{p.confidence}, reasons_text(p.reasons), now});
    st.step();
    st.reset();
  }
}

// The cursor "<confidence>.<record_a>.<record_b>" of the last pair of a page.
struct Position {
  int64_t confidence = 0;
  std::string a, b;
};
std::optional<Position> parse_cursor(std::string_view text) {
  auto d1 = text.find('.'), d2 = text.rfind('.');
  if (d1 == std::string_view::npos || d2 == d1 || text.size() > 100) return std::nullopt;
  Position p;
  auto [end, ec] = std::from_chars(text.data(), text.data() + d1, p.confidence);
  if (ec != std::errc{} || end != text.data() + d1) return std::nullopt;
  p.a = std::string(text.substr(d1 + 1, d2 - d1 - 1));
  p.b = std::string(text.substr(d2 + 1));
  if (p.a.empty() || p.b.empty() || p.a.find('.') != std::string::npos) return std::nullopt;
  return p;
}

}  // namespace

StoredPair stored(const Candidate& x, const Candidate& y, const Pair& p) {
  StoredPair s{x.id, y.id, static_cast<int>(p.confidence * 100.0 + 0.5), p.reasons};
  if (s.b < s.a) std::swap(s.a, s.b);
  return s;
}

void replace_pairs(db::Connection& c, const std::string& workspace_id, std::string_view object,
                   const std::vector<StoredPair>& pairs, const std::string& now) {
  c.prepare("DELETE FROM duplicate_pairs WHERE workspace_id = ? AND object_type = ?").bind_all({workspace_id, std::string(object)}).run();
  insert(c,
         "INSERT INTO duplicate_pairs(workspace_id, object_type, record_a, record_b, confidence, reasons, found_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?)",
         workspace_id, object, pairs, now);
}

void upsert_pairs(db::Connection& c, const std::string& workspace_id, std::string_view object,
                  const std::vector<StoredPair>& pairs, const std::string& now) {
  insert(c,
         "INSERT INTO duplicate_pairs(workspace_id, object_type, record_a, record_b, confidence, reasons, found_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, object_type, record_a, record_b) DO UPDATE SET "
         "confidence = excluded.confidence, reasons = excluded.reasons, found_at = excluded.found_at",
         workspace_id, object, pairs, now);
}

Result<json::object> read_pairs(db::Connection& c, const identity::Context& ctx, const PairQuery& q) {
  std::optional<Position> after;
  if (q.cursor) {
    after = parse_cursor(*q.cursor);
    if (!after) return Problem::bad_request("The cursor is not one this list gave");
  }
  const std::string& t = q.object;  // one of kObjects: checked by the route
  std::string sql = "SELECT p.record_a, p.record_b, p.confidence, p.reasons, p.found_at FROM duplicate_pairs p JOIN " + t +
                    " a ON a.workspace_id = p.workspace_id AND a.id = p.record_a AND a.deleted_at IS NULL";
  std::vector<db::Value> params;
  records::append_scope(sql, params, ctx, t, identity::Action::Read, "a.");
  sql += " JOIN " + t + " b ON b.workspace_id = p.workspace_id AND b.id = p.record_b AND b.deleted_at IS NULL";
  records::append_scope(sql, params, ctx, t, identity::Action::Read, "b.");
  sql += " WHERE p.workspace_id = ? AND p.object_type = ?";
  // Pairs a person said are not the same (dismissals.hpp) are found again by every scan, never listed.
  sql += " AND NOT EXISTS (SELECT 1 FROM duplicate_dismissals d WHERE d.workspace_id = p.workspace_id AND "
         "d.object_type = p.object_type AND d.record_a = p.record_a AND d.record_b = p.record_b)";
  params.emplace_back(ctx.workspace_id);
  params.emplace_back(t);
  if (!q.record_id.empty()) {
    sql += " AND (p.record_a = ? OR p.record_b = ?)";
    params.emplace_back(q.record_id);
    params.emplace_back(q.record_id);
  }
  if (after) {
    sql += " AND (p.confidence < ? OR (p.confidence = ? AND (p.record_a > ? OR (p.record_a = ? AND p.record_b > ?))))";
    for (const db::Value& v : {db::Value(after->confidence), db::Value(after->confidence), db::Value(after->a),
                               db::Value(after->a), db::Value(after->b)})
      params.push_back(v);
  }
  sql += " ORDER BY p.confidence DESC, p.record_a, p.record_b LIMIT ";
  sql += std::to_string(q.limit + 1);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  json::array data;
  std::optional<std::string> next;
  while (st.step()) {
    if (static_cast<int>(data.size()) == q.limit) {
      const auto& last = data.back().as_object();
      std::string cursor = std::to_string(last.at("confidence_percent").as_int64());
      cursor += '.';
      cursor += last.at("ids").as_array()[0].as_string();
      cursor += '.';
      cursor += last.at("ids").as_array()[1].as_string();
      next = std::move(cursor);
      st.reset();
      break;
    }
    json::array reasons;
    json::value parsed = json::parse(st.text(3));
    for (const auto& r : parsed.as_array()) {
      bool hidden = false;
      for (auto f : fields_of_reason(t, r.as_string())) hidden = hidden || records::is_hidden(ctx, t, f);
      if (!hidden) reasons.push_back(r);
    }
    int64_t percent = st.int64(2);
    data.push_back(json::object{{"object", t},
                                {"ids", json::array{json::value(st.text(0)), json::value(st.text(1))}},
                                {"confidence", static_cast<double>(percent) / 100.0},
                                {"confidence_percent", percent},
                                {"reasons", std::move(reasons)},
                                {"found_at", st.text(4)}});
  }
  json::object out{{"data", std::move(data)}};
  out["next_cursor"] = next ? json::value(*next) : json::value(nullptr);
  return out;
}

}  // namespace rapport::dedupe
