// Redaction of one person's data inside stored JSON and text (audit entries, outbox payloads,
// activities shared with other records). Pure functions, so they are unit-tested on their own.
#pragma once
#include <boost/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace rapport::privacy {

// What an erased value is replaced by where a value must stay (audit before/after, shared text).
inline constexpr const char* kErased = "[erased]";

// The distinctive values of one person that are searched for in free text: email addresses, phone
// numbers (E.164) and the full name ("First Last"), compared by their case-folded keys
// (platform/case_fold.hpp, the rule lists and unique e-mails use). Single first or
// last names are not searched for: they are too likely to be parts of other words.
class Needles {
 public:
  void add(std::string value);  // ignored when shorter than 3 characters
  bool empty() const { return keys_.empty(); }
  const std::vector<std::string>& values() const { return keys_; }  // the folded keys, longest first
  // Whether the value equals one of the needles (case-insensitively).
  bool equals(std::string_view value) const;

 private:
  std::vector<std::string> keys_;
};

// Replaces every case-insensitive occurrence of a needle in `text` by kErased; true when it changed.
// ("JÜRGEN@x.de" in a note is found by the needle of "jürgen@x.de").
bool redact_text(std::string& text, const Needles& needles);
// Whether `text` holds a needle, case-insensitively as redact_text finds them.
bool mentions(const std::string& text, const Needles& needles);
// The same for every string inside a JSON value (object keys are left alone).
bool redact_json(boost::json::value& v, const Needles& needles);
// Removes the array's strings that equal a needle (an erased attendee leaves the list).
bool remove_equal(boost::json::array& list, const Needles& needles);

// In an audit entry's changes ([{"field", "before", "after"}]): the before and after values of the
// named fields, and of every "custom.<name>" when `custom`, become kErased (null stays null).
bool blank_fields(boost::json::array& changes, const std::set<std::string>& fields, bool custom);

}  // namespace rapport::privacy
