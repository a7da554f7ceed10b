// Going back in a record's history (POST /api/v1/{object}/{id}/history/{version}/restore): which
// values the record had right after one of its history entries, worked out from the entries written
// since then. A pure function of the stored record and those entries; the service writes the answer
// as an ordinary change (field rules, references and unique values checked as for PATCH).
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/records/service.hpp"
#include "platform/records/spec.hpp"

namespace rapport::records {

// At most this many history entries are undone by one restore (the entries are read in the write
// transaction: the cost of a restore is bounded).
inline constexpr std::size_t kMaxUndoneEntries = 5000;

// The audit change element a restore adds to its entry: {"field": "restored_to", "before": null,
// "after": <entry id>, "undone": [<entry ids>]}. Not a field: a later restore passes it by.
inline constexpr const char* kRestoredToField = "restored_to";

struct HistoryEntry {
  int64_t id = 0;
  std::string action;
  boost::json::value changes;  // the audit entry's array of {"field", "before", "after"}
};

struct Reversal {
  // A PATCH body that brings the record back: the fields (and custom.<name> values under "custom")
  // whose value differs from the stored one, each with its value right after the target entry.
  boost::json::object body;
  std::vector<int64_t> undone;  // the entries undone, newest first
  // Fields the entries changed that a write cannot set back (set by the server: a deal's closed_at
  // follows its stage), in the order first met; they follow from what is restored.
  std::vector<std::string> derived;
};

// `newer` holds the record's history entries written after the target entry, newest first;
// `current` is the stored record. Entries that change no field of the record (an export, a consent,
// a restore's own marker) are passed by; deleted_at is never restored (the recycle bin does that).
// nullopt with `reason` set when the way back is closed: an entry erased the record's personal data.
std::optional<Reversal> reverse_entries(const ObjectSpec& spec, const boost::json::object& current,
                                        const std::vector<HistoryEntry>& newer, std::string& reason);

// POST /api/v1/{object}/{id}/history/{version}/restore (service.cpp, beside the update it shares):
// brings a live record back to how it was right after `entry`, the id of one of its history entries
// (as GET .../history lists them), by a change like PATCH's: If-Match honoured, the field rules,
// references and unique values of today checked (422/409 when an old value is no longer allowed:
// a removed option, a deleted company, an archived pipeline), server-set fields left to follow.
// The change's audit entry (action "revert") and its `<singular>.updated` event carry, beside the
// field changes, {"field": "restored_to", "after": entry, "undone": [the entries undone]}. 404 for
// an entry that is not the record's, 409 for a record in the recycle bin or whose data was erased
// since; nothing to undo answers the record unchanged (no new version).
Result<WriteResult> restore_version(Service& service, const identity::Context& ctx, const std::string& id,
                                    std::string_view entry, std::string_view if_match);

}  // namespace rapport::records
