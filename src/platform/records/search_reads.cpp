#include "platform/records/search_reads.hpp"

#include <algorithm>

#include "platform/db/bytewise.hpp"
#include "platform/records/scope.hpp"

namespace rapport::records::search {

namespace {

// What every read of a search adds: the workspace's live records the caller may read, at most `limit`.
void append_visible(std::string& sql, std::vector<db::Value>& params, const identity::Context& ctx, const ObjectSpec& spec,
                    int limit, std::string_view order_by = "") {
  sql += " AND t.workspace_id = ? AND t.deleted_at IS NULL";
  params.emplace_back(ctx.workspace_id);
  if (spec.erasable) sql += " AND t.erased_at IS NULL";
  append_scope(sql, params, ctx, spec.object, identity::Action::Read, "t.");
  sql += order_by;
  sql += " LIMIT ?";
  params.emplace_back(int64_t{limit});
}

// Whether a phone group's field holds one E.164 number, which migration 0019 indexes as
// (workspace_id, field) for live records: the first field of each phone group (a contact's phone,
// not its list of other phones).
bool indexed_number(const ObjectSpec& spec, const std::string& field) {
  const FieldSpec* f = spec.field(field);
  return f && f->type == FieldType::Phone;
}

// Up to kCandidates records whose E.164 number in `field` begins with the query's digits, by a
// range of the (workspace_id, field) index: "4420" is from "+4420" up to "+4421" ('9' + 1 is ':').
// PostgreSQL compares in the "C" collation, as its index does: a linguistic one may skip the '+'.
Read number_read(db::Dialect dialect, const identity::Context& ctx, const ObjectSpec& spec, const Terms& terms,
                 const std::string& field) {
  std::string low = "+" + terms.digits, high = low;
  ++high.back();
  const std::string column = db::bytewise("t." + field, dialect);
  Read read{.from = " FROM " + spec.object + " t WHERE " + column + " >= ? AND " + column + " < ?", .params = {low, high}};
  append_visible(read.from, read.params, ctx, spec, kCandidates);
  return read;
}

}  // namespace

bool group_visible(const identity::Context& ctx, const ObjectSpec& spec, const SearchGroup& g) {
  return std::none_of(g.fields.begin(), g.fields.end(), [&](const std::string& f) { return is_hidden(ctx, spec.object, f); });
}

// The fields a hit reads: those of its title, subtitle and search groups the caller may see.
std::vector<std::string> read_fields(const identity::Context& ctx, const ObjectSpec& spec) {
  std::vector<std::string> out;
  auto add = [&](const std::string& f) {
    if (!is_hidden(ctx, spec.object, f) && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  };
  for (const auto& alt : spec.display)
    for (const auto& f : alt) add(f);
  for (const auto& f : spec.search.subtitle) add(f);
  for (const auto& g : spec.search.groups)
    for (const auto& f : g.fields) add(f);
  return out;
}

std::string select_fields(const std::vector<std::string>& fields) {
  std::string sql = "SELECT t.id";
  for (const auto& f : fields) sql += ", t." + f;
  return sql;
}

std::vector<Read> number_reads(db::Dialect dialect, const identity::Context& ctx, const ObjectSpec& spec, const Terms& terms) {
  std::vector<Read> reads;
  for (const auto& g : spec.search.groups)
    if (g.phone && group_visible(ctx, spec, g) && indexed_number(spec, g.fields.front()))
      reads.push_back(number_read(dialect, ctx, spec, terms, g.fields.front()));
  return reads;
}

// The query's one word when it is a single token of letters (or letters and digits): the names
// beginning with it are the best answers (a title that is or begins with the query ranks first), and
// the B-tree of a name's folded key (workspace_id, <field>_key, id) yields them in order and stops at
// the limit, whereas a full-text index gathers every record with a word beginning so and hands them
// over in its own order: PostgreSQL's GIN index took 90 to 130 ms for one letter at a million
// contacts, 25 ms for three. Matches elsewhere (an e-mail address) rank after names and are read
// from the full-text index only when the names are fewer than kCandidates. Empty otherwise.
std::string name_prefix(const Terms& terms) {
  if (!terms.digits.empty() || terms.words.size() != 1 || terms.words.front().size() != 1) return "";
  return terms.keys.front();
}

// Up to kCandidates records whose name begins with `prefix`, from the folded-key index of each
// sortable name field of the groups the caller may see, in key order ("ab" is from "ab" up to
// "ac"), a read per field, each wanting what the ones before it did not find. The keys are
// case-folded, not unaccented, and read with the word as typed (Terms::keys): "théo" finds the
// Théos here, "theo" does not (the full-text index, which folds accents, looks for the rest when
// these are fewer than kCandidates).
std::vector<Read> name_key_reads(db::Dialect dialect, const identity::Context& ctx, const ObjectSpec& spec,
                                 const std::string& prefix) {
  std::string high = prefix;
  ++high.back();  // the last byte of UTF-8 is never 0xFF
  std::vector<Read> reads;
  for (const auto& g : spec.search.groups) {
    if (g.phone || !group_visible(ctx, spec, g)) continue;
    for (const auto& name : g.fields) {
      const FieldSpec* f = spec.field(name);
      if (!f || !f->sortable || !f->folded()) continue;
      const std::string key = "t." + f->key_column();
      Read read{.from = " FROM " + spec.object + " t WHERE " + key + " >= ? AND " + key + " < ?", .params = {prefix, high}};
      // In the index's order: PostgreSQL's is `<key> NULLS FIRST` (migration 0012), and an ORDER BY
      // that differs in NULLS makes it sort the whole range instead (500 ms for "a" at 1M contacts).
      const std::string nulls = dialect == db::Dialect::Postgres ? " NULLS FIRST" : "";
      append_visible(read.from, read.params, ctx, spec, kCandidates, " ORDER BY " + key + nulls + ", t.id");
      reads.push_back(std::move(read));
    }
  }
  return reads;
}

// Up to kCandidates records whose first name begins with the pair's first token (is it, for one
// word of two tokens: "andrea.m" is a phrase) and whose last name begins with its last, from the
// (workspace_id, first_name_key, last_name_key, id) index of migration 0024, in key order: the
// titles that begin with the query. A read per group of two sortable folded fields (a contact's or
// a lead's first and last name) the caller may see. Like name_key_reads, two words are read as
// typed: "björn mü" finds Björn Müller here, "bjorn mu" does not.
std::vector<Read> full_name_reads(const identity::Context& ctx, const ObjectSpec& spec, const NamePair& pair) {
  std::vector<Read> reads;
  for (const auto& g : spec.search.groups) {
    if (g.phone || g.fields.size() < 2 || !group_visible(ctx, spec, g)) continue;
    const FieldSpec* first = spec.field(g.fields[0]);
    const FieldSpec* last = spec.field(g.fields[1]);
    if (!first || !last || !first->sortable || !first->folded() || !last->sortable || !last->folded()) continue;
    const std::string first_key = "t." + first->key_column(), last_key = "t." + last->key_column();
    std::string first_high = pair.first, last_high = pair.last;
    ++first_high.back();  // the last byte of UTF-8 is never 0xFF
    ++last_high.back();
    Read read{.from = " FROM " + spec.object + " t WHERE "};
    if (pair.whole_first) {
      read.from += first_key + " = ?";
      read.params.emplace_back(pair.first);
    } else {
      read.from += first_key + " >= ? AND " + first_key + " < ?";
      read.params.insert(read.params.end(), {pair.first, first_high});
    }
    read.from += " AND " + last_key + " >= ? AND " + last_key + " < ?";
    read.params.insert(read.params.end(), {pair.last, last_high});
    // PostgreSQL: through this index, which yields the order (sorting is off for the search's
    // transaction). Its statistics of the names (200 last names, 100 in the most common values)
    // once made it prefer the last name's index and sort what it kept: 40 to 80 ms for "Bram Diaz",
    // reading 5,000 rows, against 1.4 ms.
    append_visible(read.from, read.params, ctx, spec, kCandidates, " ORDER BY " + first_key + ", " + last_key + ", t.id");
    reads.push_back(std::move(read));
  }
  return reads;
}

// The second step's read of one object, for the objects the first left without their candidates:
// up to kCandidates live records matching the query in the groups the caller may see, within their
// read scope, from the full-text index (the other words, and a phone group's other numbers), as the
// SQL after the selected columns and its parameters; nothing when every group is hidden.
std::optional<Read> text_read(db::Dialect dialect, const identity::Context& ctx, const ObjectSpec& spec, const Terms& terms) {
  std::vector<std::string> text_columns, phone_columns, index_args;
  std::string text_weights, phone_weights;
  for (std::size_t i = 0; i < spec.search.groups.size(); ++i) {
    const auto& g = spec.search.groups[i];
    for (const auto& f : g.fields)
      if (std::find(index_args.begin(), index_args.end(), "t." + f) == index_args.end()) index_args.push_back("t." + f);
    if (!group_visible(ctx, spec, g)) continue;
    const char weight = static_cast<char>('A' + i);
    if (g.phone) {
      // A group of one indexed number was read by number_read.
      if (!terms.digits.empty() && indexed_number(spec, g.fields.front()) && g.fields.size() == 1) continue;
      phone_columns.push_back(g.name);
      phone_weights += weight;
      // A query of digits matches a phone group by them alone: the same prefix again as a word
      // would double the cost (a prefix beyond FTS5's prefix index merges every term it begins).
      if (!terms.digits.empty()) continue;
    }
    text_columns.push_back(g.name);
    text_weights += weight;
  }
  const bool pg = dialect == db::Dialect::Postgres;
  const bool every_text_group = std::all_of(spec.search.groups.begin(), spec.search.groups.end(),
                                            [&](const SearchGroup& g) { return g.phone || group_visible(ctx, spec, g); });
  std::string match = pg ? tsquery(terms, text_weights, phone_weights, every_text_group)
                         : fts5_match(terms, text_columns, phone_columns);
  if (match.empty()) return std::nullopt;

  Read read{.params = {match}};
  if (pg) {
    // The same expression as the index of migration 0018, so that the GIN index serves it.
    std::string args;
    for (const auto& a : index_args) args += (args.empty() ? "" : ", ") + a;
    const std::string vector = "rapport_" + spec.object + "_search(" + args + ")";
    const std::string whole = text_weights.empty() ? "" : tsquery_whole_words(terms);
    if (whole.empty()) {
      read.from = " FROM " + spec.object + " t WHERE " + vector + " @@ to_tsquery('simple', lower(rapport_unaccent(?)))";
    } else {
      // Two whole words or more ("andrea.martinez.12"): the index is asked for the records having
      // them, which costs what those words hold (a millisecond at a million contacts), and the
      // query itself is tested on these only, as a function: an operator would join the index
      // condition, and the index then gathers every word its prefixes begin first ('12':* took
      // 80 ms). Its weights and phrases also make the index recheck every candidate by computing
      // the search function (0.15 ms a row), which the whole words alone do not.
      read.from = " FROM " + spec.object + " t WHERE " + vector + " @@ to_tsquery('simple', lower(rapport_unaccent(?))) AND ts_match_vq(" +
                  vector + ", to_tsquery('simple', lower(rapport_unaccent(?))))";
      read.params = {whole, match};
    }
  } else {
    // CROSS JOIN keeps the index as the outer loop: otherwise the planner may walk the workspace's
    // rows by a B-tree index and evaluate the MATCH once per row (seconds at a million contacts).
    const std::string index = spec.object + "_search";
    read.from = " FROM " + index + " CROSS JOIN " + spec.object + " t ON t.rowid = " + index + ".rowid WHERE " + index + " MATCH ?";
  }
  append_visible(read.from, read.params, ctx, spec, kCandidates);
  return read;
}

}  // namespace rapport::records::search
