// The SQL of each read a global search makes (GET /api/v1/search; search.cpp runs them and ranks
// what they find): for one object, the B-tree reads of the first step (the names' folded keys, a
// first and a last name, phone numbers by their digits) and the full-text read of the second, each
// limited to the workspace's live records the caller may read and to the fields their role shows.
// Pure functions of the query, the caller and the object.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/search_query.hpp"
#include "platform/records/spec.hpp"

namespace rapport::records::search {

// Records read per object before ranking. The index hands matches over in its own order (rowid,
// ctid) and a short prefix can match most of a million contacts, so ranking all of them would cost
// what the 20 ms budget cannot pay; the best kCandidates of each object's first matches are ranked
// instead. A query precise enough to matter (a full name, an address) has fewer matches than this.
// 100 rather than 200: a fifth less CPU per query over bench/search.sh's mix at 1M contacts (2.1
// against 2.6 ms), and for a broad prefix either is an arbitrary sample. At least kMaxResults.
inline constexpr int kCandidates = 100;

// A read of one object: the SQL after the selected columns (the id, then the object's fields),
// ending in " LIMIT ?", and its parameters, the last one the limit.
struct Read {
  std::string from;
  std::vector<db::Value> params;
};

// Whether the caller may see every field of a search group (a group is matched whole or not at all).
bool group_visible(const identity::Context& ctx, const ObjectSpec& spec, const SearchGroup& g);

// The fields a hit reads: those of its title, subtitle and search groups the caller may see.
std::vector<std::string> read_fields(const identity::Context& ctx, const ObjectSpec& spec);

// "SELECT t.id, t.<field>...": the columns a read's rows have.
std::string select_fields(const std::vector<std::string>& fields);

// The query's one word when it is a single token of letters (or letters and digits), whose names
// name_key_reads reads; empty otherwise.
std::string name_prefix(const Terms& terms);

// The first step's reads of one object for each kind of query (see search_reads.cpp).
std::vector<Read> name_key_reads(db::Dialect dialect, const identity::Context& ctx, const ObjectSpec& spec,
                                 const std::string& prefix);
std::vector<Read> full_name_reads(const identity::Context& ctx, const ObjectSpec& spec, const NamePair& pair);
std::vector<Read> number_reads(db::Dialect dialect, const identity::Context& ctx, const ObjectSpec& spec, const Terms& terms);

// The second step's read of one object, from the full-text index; nothing when every group is hidden.
std::optional<Read> text_read(db::Dialect dialect, const identity::Context& ctx, const ObjectSpec& spec, const Terms& terms);

}  // namespace rapport::records::search
