#include "platform/records/search.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "platform/db/in_list.hpp"
#include "platform/records/recycle_bin.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/search_query.hpp"
#include "platform/records/search_reads.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

using search::group_visible;
using search::kCandidates;
using search::Read;
using search::select_fields;

constexpr int kDefaultResults = 20;
constexpr int kMaxResults = 50;
static_assert(kCandidates >= kMaxResults);

struct Hit {
  const ObjectSpec* spec = nullptr;
  std::size_t object_index = 0;
  std::string id;
  std::map<std::string, std::string, std::less<>> values;  // the visible fields read, not null
  std::string title;
  std::string title_key;  // folded, for the tie-break
  int rank = 3;
};

std::string title_of(const identity::Context& ctx, const ObjectSpec& spec, const Hit& h) {
  for (const auto& alt : spec.display) {
    std::string joined;
    for (const auto& f : alt) {
      if (is_hidden(ctx, spec.object, f)) continue;
      auto it = h.values.find(f);
      if (it == h.values.end() || it->second.empty()) continue;
      joined += (joined.empty() ? "" : " ") + it->second;
    }
    if (!joined.empty()) return joined;
  }
  return "";
}

// The field the query matched: the first visible field matching it alone, else the first field of
// the first group matching it as a whole (a first and a last name), else of the first visible group.
std::string matched_field(const identity::Context& ctx, const ObjectSpec& spec, const search::Terms& terms, const Hit& h) {
  std::string first_group, whole_group;
  for (const auto& g : spec.search.groups) {
    if (!group_visible(ctx, spec, g)) continue;
    if (first_group.empty()) first_group = g.fields.front();
    std::string joined;
    for (const auto& f : g.fields) {
      auto it = h.values.find(f);
      if (it == h.values.end()) continue;
      if (search::value_matches(terms, it->second, g.phone)) return f;
      joined += " " + it->second;
    }
    if (whole_group.empty() && search::value_matches(terms, joined, g.phone)) whole_group = g.fields.front();
  }
  return whole_group.empty() ? first_group : whole_group;
}

// Adds the record of the current row (its id in column `col`, then `fields`) to hits unless it was
// found already.
void add_hit(const db::Statement& st, int col, const identity::Context& ctx, const ObjectSpec& spec, std::size_t object_index,
             const search::Terms& terms, const std::vector<std::string>& fields, std::vector<Hit>& hits,
             std::set<std::string>& seen) {
  Hit h{.spec = &spec, .object_index = object_index, .id = st.text(col)};
  if (!seen.insert(h.id).second) return;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (const int at = col + 1 + static_cast<int>(i); !st.is_null(at)) h.values.emplace(fields[i], st.text(at));
  h.title = title_of(ctx, spec, h);
  for (const auto& t : search::tokens(h.title)) h.title_key += t + " ";
  h.rank = search::title_rank(terms, h.title);
  hits.push_back(std::move(h));
}

// Reads the records a prepared SELECT (id, then `fields`) yields into hits, skipping those already
// found; returns how many rows it read.
int read_hits(db::Connection& c, const identity::Context& ctx, const ObjectSpec& spec, std::size_t object_index,
              const search::Terms& terms, const std::string& sql, const std::vector<db::Value>& params,
              const std::vector<std::string>& fields, std::vector<Hit>& hits, std::set<std::string>& seen) {
  auto& st = c.prepare(sql);
  st.bind_all(params);
  int rows = 0;
  for (; st.step(); ++rows) add_hit(st, 0, ctx, spec, object_index, terms, fields, hits, seen);
  st.reset();
  return rows;
}

// Whether the hits of one object already fill a page with titles that begin with the query (rank 1
// or better): the full-text index could add only matches elsewhere, which rank after them.
bool page_of_titles(const std::vector<Hit>& hits, std::size_t object_index, int limit) {
  return std::count_if(hits.begin(), hits.end(), [&](const Hit& h) { return h.object_index == object_index && h.rank <= 1; }) >=
         limit;
}

// One object's search: the fields its hits read, the records already found (a record is found
// once, whichever read finds it first), and its first step's reads by B-tree indexes: a one-word
// query reads the names' folded keys (name_key_reads), a query of two tokens the first and last
// names' (full_name_reads), a digits query a phone group's indexed number (number_reads).
struct ObjectSearch {
  const ObjectSpec* spec = nullptr;
  std::size_t index = 0;  // in the searchable objects: the tie-break between objects
  std::vector<std::string> fields;
  std::set<std::string> seen;
  std::vector<Read> key_reads;
  // Phone numbers: a read that finds kCandidates is enough, else the next is made. Names: the
  // reads together, each wanting what the ones before it did not find.
  bool each_read_alone = false;
  std::size_t read_at = 0;  // the key read whose rows are being taken
  int rows = 0;             // rows taken (of key_reads[read_at] when each_read_alone)
  // Whether the object has its candidates (for two tokens: a page of titles beginning with the
  // query), so that the full-text index is not asked (text_read).
  bool done = false;

  // Takes a row of key read r (the reads' rows come in order) unless the object has its candidates.
  bool take(std::size_t r) {
    if (done) return false;
    if (r != read_at && each_read_alone) rows = 0;
    read_at = r;
    done = ++rows >= kCandidates;
    return true;
  }
  // The limit of the next key read run alone.
  int64_t wanted() const { return each_read_alone ? kCandidates : kCandidates - rows; }
};

ObjectSearch object_search(db::Dialect dialect, const identity::Context& ctx, const ObjectSpec& spec, std::size_t index,
                           const search::Terms& terms) {
  ObjectSearch o{.spec = &spec, .index = index, .fields = search::read_fields(ctx, spec)};
  if (const std::string prefix = search::name_prefix(terms); !prefix.empty()) {
    o.key_reads = search::name_key_reads(dialect, ctx, spec, prefix);
  } else if (const auto pair = search::name_pair(terms)) {
    o.key_reads = search::full_name_reads(ctx, spec, *pair);
  } else if (!terms.digits.empty()) {
    // As many numbers as candidates wanted: the object has its candidates, and the full-text
    // index is not asked at all, since its terms beginning with these digits are these numbers'
    // (one index for all columns, whichever the MATCH names).
    o.each_read_alone = true;
    o.key_reads = search::number_reads(dialect, ctx, spec, terms);
  }
  return o;
}

// Runs reads of several objects as one statement, a UNION ALL of them each with its own ORDER BY
// and LIMIT, which saves a round trip per read (a search makes three to seven in each step): each
// row begins with its read's position in `reads`, then has the object's id and fields, padded with
// NULLs to the widest object's (every searchable field is text). PostgreSQL's Append returns the
// branches in order, each in its own order (parallel plans are off for the search).
void read_together(db::Connection& c, const std::vector<std::pair<ObjectSearch*, const Read*>>& reads,
                   const std::function<void(std::size_t, const db::Statement&)>& row) {
  if (reads.empty()) return;
  std::size_t width = 0;
  for (const auto& [o, read] : reads) width = std::max(width, o->fields.size());
  std::string sql;
  std::vector<db::Value> params;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    const auto& [o, read] = reads[i];
    sql += i ? " UNION ALL (SELECT " : "(SELECT ";
    sql += std::to_string(i);
    sql += ", t.id";
    for (const auto& f : o->fields) sql += ", t." + f;
    for (std::size_t pad = o->fields.size(); pad < width; ++pad) sql += ", NULL";
    sql += read->from + ")";
    params.insert(params.end(), read->params.begin(), read->params.end());
  }
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) row(static_cast<std::size_t>(st.int64(0)), st);
  st.reset();
}

// The first step for every object: SQLite runs each read alone, for what its object still wants;
// PostgreSQL all of them in one statement, each for kCandidates, and the rows beyond what the object
// wanted are left unread. For two tokens, an object with a page of titles beginning with the query
// is done too: the full-text index could add only matches elsewhere, which rank after them.
void find_by_keys(db::Connection& c, const identity::Context& ctx, std::vector<ObjectSearch>& objects, const search::Terms& terms,
                  int limit, std::vector<Hit>& hits) {
  if (c.dialect() == db::Dialect::Sqlite) {
    for (auto& o : objects)
      for (std::size_t r = 0; r < o.key_reads.size() && !o.done; ++r) {
        std::vector<db::Value> params = o.key_reads[r].params;
        params.back() = o.wanted();
        auto& st = c.prepare(select_fields(o.fields) + o.key_reads[r].from);
        st.bind_all(params);
        while (st.step())
          if (o.take(r)) add_hit(st, 0, ctx, *o.spec, o.index, terms, o.fields, hits, o.seen);
        st.reset();
      }
  } else {
    std::vector<std::pair<ObjectSearch*, const Read*>> reads;
    std::vector<std::size_t> read_index;  // of each in its object's key_reads
    for (auto& o : objects)
      for (std::size_t r = 0; r < o.key_reads.size(); ++r) {
        reads.emplace_back(&o, &o.key_reads[r]);
        read_index.push_back(r);
      }
    read_together(c, reads, [&](std::size_t i, const db::Statement& st) {
      ObjectSearch& o = *reads.at(i).first;
      if (o.take(read_index[i])) add_hit(st, 1, ctx, *o.spec, o.index, terms, o.fields, hits, o.seen);
    });
  }
  if (search::name_pair(terms))
    for (auto& o : objects) o.done = o.done || page_of_titles(hits, o.index, limit);
}

// The second step, for every object the first left without its candidates: SQLite reads each in
// turn, PostgreSQL all in one statement.
void find_by_text(db::Connection& c, const identity::Context& ctx, std::vector<ObjectSearch>& objects, const search::Terms& terms,
                  std::vector<Hit>& hits) {
  std::vector<std::pair<ObjectSearch*, Read>> reads;
  for (auto& o : objects)
    if (!o.done)
      if (auto read = search::text_read(c.dialect(), ctx, *o.spec, terms)) reads.emplace_back(&o, std::move(*read));
  if (c.dialect() == db::Dialect::Sqlite) {
    for (auto& [o, read] : reads)
      read_hits(c, ctx, *o->spec, o->index, terms, select_fields(o->fields) + read.from, read.params, o->fields, hits, o->seen);
    return;
  }
  std::vector<std::pair<ObjectSearch*, const Read*>> together;
  for (const auto& [o, read] : reads) together.emplace_back(o, &read);
  read_together(c, together, [&](std::size_t i, const db::Statement& st) {
    ObjectSearch& o = *together.at(i).first;
    add_hit(st, 1, ctx, *o.spec, o.index, terms, o.fields, hits, o.seen);
  });
}

// The records the shown hits' subtitles refer to (a contact's company): table -> ids.
std::map<std::string, std::vector<std::string>> references(const std::vector<Hit>& hits) {
  std::map<std::string, std::vector<std::string>> wanted;
  for (const auto& h : hits)
    for (const auto& part : h.spec->search.subtitle) {
      const FieldSpec* f = h.spec->field(part);
      auto it = h.values.find(part);
      if (f && f->type == FieldType::Reference && it != h.values.end()) wanted[f->ref_table].push_back(it->second);
    }
  return wanted;
}

// The display names of the records referred to (references()), by table and id, read under the
// caller's scope and field rules: a company they cannot read is not named.
std::map<std::string, std::string> referenced_names(db::Connection& c, const identity::Context& ctx,
                                                    const std::vector<const ObjectSpec*>& specs,
                                                    std::map<std::string, std::vector<std::string>> wanted) {
  std::map<std::string, std::string> names;  // "table/id" -> name
  for (auto& [table, ids] : wanted) {
    auto target = std::find_if(specs.begin(), specs.end(), [&](const ObjectSpec* s) { return s->object == table; });
    if (target == specs.end() || ctx.scope(table, identity::Action::Read) == identity::Scope::None) continue;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    // By primary key: SQLite would otherwise walk the workspace's partial indexes (all of its rows)
    // for want of statistics; the unary plus keeps it off workspace_id (PostgreSQL plans by its own).
    const bool sqlite = c.dialect() == db::Dialect::Sqlite;
    // The IN list padded to a power of two (append_in_list): a few statements, each with one plan per
    // connection (see the route), instead of one per number of names.
    std::string sql = "SELECT id, " + display_sql(**target, ctx) + " FROM " + table + " WHERE " + (sqlite ? "+" : "") +
                      "workspace_id = ? AND deleted_at IS NULL" + ((*target)->erasable ? " AND erased_at IS NULL" : "") +
                      " AND id IN ";
    std::vector<db::Value> params{ctx.workspace_id};
    db::append_in_list(sql, params, std::vector<db::Value>(ids.begin(), ids.end()));
    append_scope(sql, params, ctx, table, identity::Action::Read);
    auto& st = c.prepare(sql);
    st.bind_all(params);
    while (st.step())
      if (!st.is_null(1)) names[table + "/" + st.text(0)] = st.text(1);
    st.reset();
  }
  return names;
}

json::value subtitle_of(const identity::Context& ctx, const Hit& h, const std::map<std::string, std::string>& names) {
  std::string out;
  for (const auto& part : h.spec->search.subtitle) {
    if (is_hidden(ctx, h.spec->object, part)) continue;
    auto it = h.values.find(part);
    if (it == h.values.end() || it->second.empty()) continue;
    std::string text = it->second;
    if (const FieldSpec* f = h.spec->field(part); f && f->type == FieldType::Reference) {
      auto name = names.find(f->ref_table + "/" + text);
      if (name == names.end()) continue;
      text = name->second;
    }
    out += (out.empty() ? "" : " · ") + text;
  }
  return out.empty() ? json::value(nullptr) : json::value(out);
}

Result<int> parse_limit(std::string_view text) {
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || n < 1 || n > kMaxResults)
    return Problem::bad_request("limit must be an integer from 1 to " + std::to_string(kMaxResults));
  return n;
}

// The objects of `specs` that hold a live record in the caller's workspace, by record_counts (kept
// in the transaction of every create, delete, restore and erasure, as the lists' unfiltered counts
// are): an object without one is neither read nor planned. A search of the bench's data (no leads,
// deals or products) otherwise planned a full-text read of each of those three empty tables for
// its own words on every search.
std::vector<const ObjectSpec*> holding_records(db::Connection& c, const identity::Context& ctx,
                                               const std::vector<const ObjectSpec*>& specs) {
  std::set<std::string, std::less<>> live;
  auto& st = c.prepare("SELECT object_type FROM record_counts WHERE workspace_id = ? GROUP BY object_type HAVING sum(live) > 0");
  st.bind_all({ctx.workspace_id});
  while (st.step()) live.insert(st.text(0));
  st.reset();
  std::vector<const ObjectSpec*> out;
  for (const auto* s : specs)
    if (live.contains(s->object)) out.push_back(s);
  return out;
}

std::vector<std::string> names_of(const std::vector<const ObjectSpec*>& specs) {
  std::vector<std::string> out;
  for (const auto* s : specs) out.push_back(s->object);
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

void add_search_route(http::Api& api, db::Database& db, std::vector<const ObjectSpec*> specs) {
  std::vector<const ObjectSpec*> searchable;
  for (const auto* s : specs)
    if (!s->search.groups.empty()) searchable.push_back(s);
  const std::vector<std::string> objects = names_of(searchable);
  api.route(
      "GET", "/api/v1/search",
      [&db, specs, searchable, objects](http::Request& req, const identity::Context& ctx) -> http::Response {
        std::optional<std::string> q;
        int limit = kDefaultResults;
        std::vector<const ObjectSpec*> chosen = searchable;
        bool typed = false;
        for (const auto& [k, v] : req.query) {
          if (k == "q") {
            q = v;
          } else if (k == "limit") {
            auto n = parse_limit(v);
            if (!n) return http::fail(n.problem(), req);
            limit = *n;
          } else if (k == "types") {
            typed = true;
            chosen.clear();
            std::string_view rest = v;
            while (true) {
              auto comma = rest.find(',');
              std::string_view name = rest.substr(0, comma);
              auto it = std::find_if(searchable.begin(), searchable.end(), [&](const ObjectSpec* s) { return s->object == name; });
              if (it == searchable.end())
                return http::fail(Problem::bad_request("Unknown object type '" + std::string(name) + "' in types (one of " +
                                                       joined(objects) + ")"),
                                  req);
              if (std::find(chosen.begin(), chosen.end(), *it) == chosen.end()) chosen.push_back(*it);
              if (comma == std::string_view::npos) break;
              rest.remove_prefix(comma + 1);
            }
          }
        }
        if (!q) return http::fail(Problem::bad_request("q is required"), req);
        auto terms = search::parse(*q);
        if (!terms) return http::fail(terms.problem(), req);

        // Objects the role cannot read are left out silently, unless they are all the caller asked for.
        std::vector<const ObjectSpec*> readable;
        for (const auto* s : chosen)
          if (ctx.scope(s->object, identity::Action::Read) != identity::Scope::None) readable.push_back(s);
        if (typed && readable.empty())
          return http::fail(Problem::forbidden("Your role does not allow you to read " + joined(names_of(chosen))), req);

        json::array data;
        if (!terms->empty() && !readable.empty()) {
          db.read([&](db::Connection& c) {
            // PostgreSQL: each step's settings in one message, for the rest of the transaction.
            // - Every read of a search is meant to be served by an index (GIN, the names' and
            //   phones' B-trees). PostgreSQL guesses that thousands of rows match any word, and with
            //   a LIMIT a sequential scan that computes the search function on every row then looks
            //   cheaper: for a word nobody has it runs over a million contacts into the statement
            //   timeout. No read of a search needs to sort (full_name_reads: sorting off keeps
            //   its index). Nor compiling: a read with no plan but a disabled one (a lead's first
            //   name has no index of its own, so it is sorted) costs over jit_above_cost, and JIT
            //   then took 1.4 s for a read of an empty table.
            // - The B-tree reads keep one plan per statement and connection (planning took 0.1 to
            //   0.3 ms, executing them 0.05 to 0.3): what they read is the index yielding their
            //   order, whatever the words.
            // - No parallel plans: a search's reads are small, and read_together relies on its
            //   branches coming back in order.
            const bool pg = c.dialect() == db::Dialect::Postgres;
            if (pg)
              c.exec("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off; SET LOCAL jit = off; "
                     "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL plan_cache_mode = force_generic_plan");
            std::vector<ObjectSearch> objects;
            for (const auto* s : holding_records(c, ctx, readable))
              objects.push_back(object_search(
                  c.dialect(), ctx, *s, static_cast<std::size_t>(std::find(searchable.begin(), searchable.end(), s) - searchable.begin()),
                  *terms));
            std::vector<Hit> hits;
            find_by_keys(c, ctx, objects, *terms, limit, hits);
            // - The full-text reads are planned for their own words: a generic plan cannot tell a
            //   rare prefix from a common one and once walked a million contacts until the
            //   statement timeout. And through the GIN index only: its guess of the matches and
            //   the LIMIT otherwise make walking a B-tree of the workspace's rows and testing each
            //   look cheaper, which for a word nobody has computes the search function on every
            //   row (5 s at 1M contacts for "31109420031", against 10 ms through the index).
            const bool text_plans =
                pg && std::any_of(objects.begin(), objects.end(), [](const ObjectSearch& o) { return !o.done; });
            if (text_plans) c.exec("SET LOCAL enable_indexscan = off; SET LOCAL plan_cache_mode = force_custom_plan");
            find_by_text(c, ctx, objects, *terms, hits);
            // Best first; equal ranks by title, then object and id, so that a page is stable.
            std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
              return std::tie(a.rank, a.title_key, a.object_index, a.id) < std::tie(b.rank, b.title_key, b.object_index, b.id);
            });
            if (hits.size() > static_cast<std::size_t>(limit)) hits.resize(static_cast<std::size_t>(limit));
            // - The names the subtitles refer to are read by primary key, whatever the words: one
            //   plan per statement and connection again (planning it took 0.15-0.2 ms a search).
            auto wanted = references(hits);
            if (text_plans && !wanted.empty()) c.exec("SET LOCAL plan_cache_mode = force_generic_plan");
            auto names = referenced_names(c, ctx, specs, std::move(wanted));
            for (const auto& h : hits)
              data.push_back(json::object{{"object_type", h.spec->object},
                                          {"id", h.id},
                                          {"title", h.title},
                                          {"subtitle", subtitle_of(ctx, h, names)},
                                          {"matched", matched_field(ctx, *h.spec, *terms, h)}});
          });
        }
        return http::json(200, json::object{{"data", std::move(data)}});
      },
      {.summary = "Find records by name, e-mail, phone, domain or SKU (global search)",
       .description =
           "Each word of `q` matches the beginning of a word of a record's searchable fields (case and, where the "
           "database allows, accents ignored); a query that reads as a phone number also matches by its digits "
           "(`+44 20` finds +44 20 7946 0000). Exact and prefix matches of a record's name come first. Only live "
           "records the caller may read are searched, and only in fields their role does not hide. At most " +
           std::to_string(search::kMaxWords) + " words of at most " + std::to_string(search::kMaxQueryChars) +
           " characters in all.",
       .tag = "Search",
       .response_schema = "SearchResults",
       .query_params = {{.name = "q", .description = "The words to find (1 to 200 characters after trimming)"},
                        {.name = "limit", .description = "Results at most (default 20)", .type = "integer", .minimum = 1,
                         .maximum = kMaxResults},
                        {.name = "types",
                         .description = "Only these object types, comma-separated (default: all the caller may read): " +
                                        joined(objects)}},
       .restricted = true});
}

}  // namespace rapport::records
