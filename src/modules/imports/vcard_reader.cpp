#include "modules/imports/vcard_reader.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "modules/imports/cell.hpp"
#include "modules/imports/read_records.hpp"
#include "modules/imports/vcard_text.hpp"
#include "platform/ascii.hpp"

namespace rapport::imports {

namespace {

enum Column {
  kFirstName, kMiddleName, kLastName, kFullName, kEmail, kOtherEmails, kPhone, kMobilePhone, kHomePhone,
  kOtherPhone, kFax, kCompany, kDepartment, kJobTitle, kStreet, kCity, kState, kPostalCode, kCountry,
  kWebsite, kLinkedIn, kBirthday, kNotes, kExternalId, kColumnCount
};

using ascii::upper;

using ascii::lower;

// Properties whose value is binary data: skipped whole, never held.
bool binary_property(std::string_view name) {
  return name == "PHOTO" || name == "LOGO" || name == "SOUND" || name == "KEY";
}

// The end of a content line's name and parameters: the first `:` outside a quoted parameter value.
std::size_t colon_of(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    else if (line[i] == ':' && !quoted) return i;
  }
  return std::string_view::npos;
}

// `group.NAME;PARAM=x;TYPE="a,b";BARE:value`, parsed.
struct Property {
  std::string group, name;
  std::vector<std::string> types;  // lower case, bare 2.1 types included
  bool pref = false, qp = false, binary = false;
  std::string charset;
  std::string_view value;
};

void add_types(std::string_view list, Property& p) {
  for (auto& t : split_components(list, ',')) {
    auto type = lower(trim_cell(t));
    if (type == "pref") p.pref = true;
    if (!type.empty()) p.types.push_back(std::move(type));
  }
}

// Parses the name and parameters (`head`: the line up to its colon).
Property parse_head(std::string_view head) {
  Property p;
  std::vector<std::string_view> parts;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= head.size(); ++i) {
    if (i < head.size() && head[i] == '"') quoted = !quoted;
    if (i == head.size() || (head[i] == ';' && !quoted)) {
      parts.push_back(head.substr(start, i - start));
      start = i + 1;
    }
  }
  std::string_view name = trim_cell(parts[0]);
  if (auto dot = name.rfind('.'); dot != std::string_view::npos) {
    p.group = lower(name.substr(0, dot));
    name.remove_prefix(dot + 1);
  }
  p.name = upper(name);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    std::string_view param = trim_cell(parts[i]);
    auto eq = param.find('=');
    std::string key = upper(trim_cell(param.substr(0, eq)));
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : trim_cell(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (eq == std::string_view::npos) {
      // vCard 2.1: a bare parameter is a type or an encoding.
      if (key == "QUOTED-PRINTABLE") p.qp = true;
      else if (key == "BASE64" || key == "B") p.binary = true;
      else if (key != "8BIT" && key != "7BIT") add_types(key, p);
    } else if (key == "TYPE") {
      add_types(value, p);
    } else if (key == "PREF") {
      p.pref = true;
    } else if (key == "ENCODING") {
      std::string e = upper(value);
      p.qp = p.qp || e == "QUOTED-PRINTABLE";
      p.binary = p.binary || e == "B" || e == "BASE64";
    } else if (key == "CHARSET") {
      p.charset = std::string(value);
    }
  }
  return p;
}

// The line's property name alone, to know before unfolding whether its text is kept.
Property sniff(std::string_view first_line) {
  auto colon = colon_of(first_line);
  return parse_head(first_line.substr(0, colon == std::string_view::npos ? first_line.size() : colon));
}

bool starts_with_letters(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

std::string join(const std::vector<std::string>& items, std::string_view sep, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < items.size(); ++i) {
    if (items[i].empty()) continue;
    if (!out.empty()) out += sep;
    out += items[i];
  }
  return out;
}

}  // namespace

const std::vector<std::string> kVcardColumns = {
    "First Name", "Middle Name",  "Last Name", "Full Name", "Email",       "Additional email addresses",
    "Phone",      "Mobile Phone", "Home Phone", "Other Phone", "Fax",       "Company",
    "Department", "Job Title",    "Street",    "City",      "State",       "Postal Code",
    "Country",    "Website",      "LinkedIn",  "Birthday",  "Notes",       "External ID"};

// An e-mail, phone, URL or address with its kind.
struct VcardItem {
  std::string value, group;
  std::vector<std::string> types;
  bool pref = false;
  bool is(std::string_view type) const { return std::ranges::find(types, type) != types.end(); }
};

struct VcardReader::Card {
  std::vector<std::string> n, org;
  std::string fn, title, role, birthday, uid, linkedin;
  std::vector<VcardItem> emails, phones, urls, addresses;
  std::vector<std::vector<std::string>> address_parts;
  std::vector<std::string> notes;
  std::map<std::string, std::string> labels;  // Apple's item1.X-ABLabel, by group

  void add(const Property& p, std::string text);
  CsvRecord row(uint64_t line);
};

void VcardReader::Card::add(const Property& p, std::string text) {
  const std::string& name = p.name;
  auto typed = [&](std::string value) { return VcardItem{std::move(value), p.group, p.types, p.pref}; };
  if (name == "N") {
    n = split_components(text);
  } else if (name == "FN") {
    fn = unescape_text(text);
  } else if (name == "EMAIL") {
    std::string v(trim_cell(unescape_text(text)));
    if (starts_with_letters(v, "mailto:")) v.erase(0, 7);
    if (!v.empty()) emails.push_back(typed(std::move(v)));
  } else if (name == "TEL") {
    std::string v(trim_cell(unescape_text(text)));
    if (starts_with_letters(v, "tel:")) v.erase(0, 4);
    if (!v.empty()) phones.push_back(typed(std::move(v)));
  } else if (name == "ORG") {
    org = split_components(text);
  } else if (name == "TITLE") {
    title = unescape_text(text);
  } else if (name == "ROLE") {
    role = unescape_text(text);
  } else if (name == "ADR") {
    addresses.push_back(typed({}));
    address_parts.push_back(split_components(text));
  } else if (name == "BDAY") {
    birthday = birthday_iso(trim_cell(text));
  } else if (name == "NOTE") {
    notes.push_back(unescape_text(text));
  } else if (name == "URL" || name == "X-SOCIALPROFILE" || name == "X-LINKEDIN") {
    std::string v = unescape_text(text);
    for (auto at = v.find("\\:"); at != std::string::npos; at = v.find("\\:", at)) v.erase(at, 1);  // Apple: http\://
    bool on_linkedin = lower(v).find("linkedin.com") != std::string::npos || name == "X-LINKEDIN" ||
                       std::ranges::find(p.types, "linkedin") != p.types.end();
    if (on_linkedin) linkedin = std::move(v);
    else if (name == "URL") urls.push_back(typed(std::move(v)));
  } else if (name == "UID") {
    uid = unescape_text(text);
  } else if (name == "X-ABLABEL" && !p.group.empty()) {
    labels[p.group] = lower(unescape_text(text));
  }
}


namespace {

// Whether the kind of an e-mail, phone or address is one of `kinds`: by its types, or by the label
// Apple gives its group (item1.X-ABLabel:_$!<Mobile>!$_ or a label the user typed).
bool of_kind(const VcardItem& t, const std::map<std::string, std::string>& labels, std::initializer_list<std::string_view> kinds) {
  for (auto k : kinds)
    if (t.is(k)) return true;
  auto label = t.group.empty() ? labels.end() : labels.find(t.group);
  if (label != labels.end())
    for (auto k : kinds)
      if (label->second.find(k) != std::string::npos) return true;
  return false;
}

// The index of the first preferred item, else of the first `fallback` accepts, else 0.
template <class Accept>
std::size_t preferred(const std::vector<const VcardItem*>& items, Accept fallback) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i]->pref) return i;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (fallback(*items[i])) return i;
  return 0;
}

std::vector<const VcardItem*> pointers(const std::vector<VcardItem>& items) {
  std::vector<const VcardItem*> out;
  for (const auto& t : items) out.push_back(&t);
  return out;
}

std::string part(const std::vector<std::string>& parts, std::size_t i) {
  return i < parts.size() ? std::string(trim_cell(parts[i])) : std::string();
}

// A value joined to a list cell (split_list reads it back), unless `seen` has it: each value once.
void add_to_list(std::string& cell, const std::string& value, std::unordered_set<std::string_view>& seen) {
  if (!seen.insert(value).second) return;
  if (!cell.empty()) cell += "; ";
  cell += value;
}

}  // namespace

CsvRecord VcardReader::Card::row(uint64_t line) {
  CsvRecord r;
  r.line = line;
  auto& f = r.fields;
  f.resize(kColumnCount);
  f[kLastName] = part(n, 0);
  f[kFirstName] = part(n, 1);
  f[kMiddleName] = part(n, 2);
  f[kFullName] = trim_cell(fn);
  if (f[kFirstName].empty() && f[kLastName].empty() && !f[kFullName].empty()) {
    // FN only (written in display order, "Ada Lovelace"): split at its last space.
    std::string_view full = f[kFullName];
    auto space = full.rfind(' ');
    if (space != std::string_view::npos) f[kFirstName] = trim_cell(full.substr(0, space));
    f[kLastName] = full.substr(space == std::string_view::npos ? 0 : space + 1);
  }

  auto mails = pointers(emails);
  if (!mails.empty()) {
    const VcardItem* primary = mails[preferred(mails, [](const VcardItem&) { return true; })];
    f[kEmail] = primary->value;
    std::unordered_set<std::string_view> seen{primary->value};
    for (const VcardItem* m : mails) add_to_list(f[kOtherEmails], m->value, seen);
  }

  std::vector<const VcardItem*> voice;
  std::unordered_set<std::string_view> faxes, seen;
  for (const auto& p : phones) {
    if (of_kind(p, labels, {"fax"})) add_to_list(f[kFax], p.value, faxes);
    else voice.push_back(&p);
  }
  auto is_mobile = [&](const VcardItem& t) { return of_kind(t, labels, {"cell", "mobile", "iphone"}); };
  auto is_home = [&](const VcardItem& t) { return of_kind(t, labels, {"home"}); };
  if (!voice.empty()) {
    const VcardItem* primary = voice[preferred(voice, [&](const VcardItem& t) { return !is_mobile(t) && !is_home(t); })];
    f[kPhone] = primary->value;
    seen.insert(primary->value);
    for (const VcardItem* p : voice) {
      Column to = is_mobile(*p) ? kMobilePhone : is_home(*p) ? kHomePhone : kOtherPhone;
      add_to_list(f[to], p->value, seen);
    }
  }

  f[kCompany] = part(org, 0);
  f[kDepartment] = join(org, ", ", 1);
  f[kJobTitle] = trim_cell(title.empty() ? role : title);

  if (!addresses.empty()) {
    auto all = pointers(addresses);
    const auto& a = address_parts[preferred(all, [&](const VcardItem& t) { return of_kind(t, labels, {"work"}); })];
    // post office box; extended address; street; locality; region; postal code; country
    std::string street = join({part(a, 2), part(a, 1), part(a, 0)}, ", ");
    std::replace(street.begin(), street.end(), '\n', ' ');
    f[kStreet] = street;
    f[kCity] = part(a, 3);
    f[kState] = part(a, 4);
    f[kPostalCode] = part(a, 5);
    f[kCountry] = part(a, 6);
  }
  if (!urls.empty()) f[kWebsite] = urls[preferred(pointers(urls), [](const VcardItem&) { return true; })].value;
  f[kLinkedIn] = linkedin;
  f[kBirthday] = birthday;
  f[kNotes] = join(notes, "\n");
  f[kExternalId] = trim_cell(uid);
  return r;
}

VcardReader::VcardReader(VcardLimits limits) : limits_(limits) {}
VcardReader::~VcardReader() = default;

bool VcardReader::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool VcardReader::fail_in_card(std::string message) {
  return fail("card " + std::to_string(cards_) + " (from line " + std::to_string(card_line_) + "): " + message);
}

bool VcardReader::feed(std::string_view bytes) {
  if (!error_.empty()) return false;
  decoded_.clear();
  if (!decoder_.decode(bytes, decoded_)) return fail(decoder_.error());
  return take_text(decoded_, false);
}

bool VcardReader::finish() {
  if (!error_.empty()) return false;
  decoded_.clear();
  if (!decoder_.finish(decoded_)) return fail(decoder_.error());
  if (!take_text(decoded_, true) || !logical_line()) return false;
  if (card_) return fail_in_card("the file ends before its END:VCARD");
  return true;
}

std::optional<CsvRecord> VcardReader::next() {
  if (ready_.empty()) return std::nullopt;
  CsvRecord r = std::move(ready_.front());
  ready_.pop_front();
  return r;
}

bool VcardReader::take_text(std::string_view text, bool at_end) {
  text_.append(text);
  std::size_t pos = 0;
  for (std::size_t nl; (nl = text_.find('\n', pos)) != std::string::npos; pos = nl + 1) {
    std::string_view line(text_.data() + pos, nl - pos);
    if (card_ && (card_bytes_ += line.size() + 1) > limits_.max_card_bytes)
      return fail_in_card("longer than " + std::to_string(limits_.max_card_bytes / 1024 / 1024) + " MiB");
    if (dropping_line_) {  // the end of an over-long binary line, counted already
      dropping_line_ = false;
      continue;
    }
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!physical_line(line)) return false;
  }
  text_.erase(0, pos);
  // The text left is a line not ended yet. A CR at its end may be the first half of its CRLF, which a
  // line is measured without: counting it would refuse a line of exactly the limit when the pieces
  // happen to be cut between the CR and the LF (a fuzzing finding).
  std::size_t pending = text_.size() - (!text_.empty() && text_.back() == '\r' ? 1 : 0);
  if (pending > limits_.max_line_bytes) {
    // A line with no end in sight: only a binary property's (a base64 photo not folded) is skipped.
    bool continues_binary = logical_start_ != 0 && logical_binary_ && (text_[0] == ' ' || text_[0] == '\t');
    if (!dropping_line_ && !continues_binary && !binary_property(sniff(std::string_view(text_).substr(0, 1024)).name))
      return fail("line " + std::to_string(line_ + 1) + ": longer than " +
                  std::to_string(limits_.max_line_bytes / 1024) + " KiB");
    if (card_ && (card_bytes_ += text_.size()) > limits_.max_card_bytes)
      return fail_in_card("longer than " + std::to_string(limits_.max_card_bytes / 1024 / 1024) + " MiB");
    if (!dropping_line_) {
      ++line_;
      if (!physical_line(std::string_view(text_).substr(0, continues_binary ? 1 : 1024))) return false;
      dropping_line_ = true;
    }
    text_.clear();
  }
  if (at_end && !text_.empty() && !dropping_line_) {
    ++line_;
    std::string last = std::move(text_);
    text_.clear();
    if (!last.empty() && last.back() == '\r') last.pop_back();
    if (!physical_line(last)) return false;
  }
  return true;
}

bool VcardReader::physical_line(std::string_view line) {
  if (logical_start_ != 0) {
    bool soft_break = logical_qp_ && !logical_.empty() && logical_.back() == '=';
    bool folded = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (soft_break || folded) {
      if (logical_binary_) return true;
      if (soft_break) logical_.pop_back();
      else line.remove_prefix(1);
      if (logical_.size() + line.size() > limits_.max_line_bytes)
        return fail("line " + std::to_string(logical_start_) + ": a property longer than " +
                    std::to_string(limits_.max_line_bytes / 1024) + " KiB");
      logical_.append(line);
      return true;
    }
    if (!logical_line()) return false;
  }
  if (trim_cell(line).empty()) return true;
  Property head = sniff(line);
  logical_start_ = line_;
  logical_binary_ = binary_property(head.name);
  logical_qp_ = head.qp;
  if (!logical_binary_ && line.size() > limits_.max_line_bytes)
    return fail("line " + std::to_string(line_) + ": longer than " + std::to_string(limits_.max_line_bytes / 1024) + " KiB");
  // A skipped property keeps its name only: its value is never held.
  logical_ = logical_binary_ ? head.name + ":" : std::string(line);
  // A card ends with its END line: nothing can fold into it, so the card need not wait for the next line.
  if (line.size() <= 16 && upper(trim_cell(line)) == "END:VCARD") return logical_line();
  return true;
}

bool VcardReader::logical_line() {
  if (logical_start_ == 0) return true;
  std::string line = std::move(logical_);
  logical_.clear();
  bool ok = property(line);
  logical_start_ = 0;
  logical_binary_ = logical_qp_ = false;
  return ok;
}

bool VcardReader::property(std::string_view line) {
  auto colon = colon_of(line);
  if (colon == std::string_view::npos) {
    if (card_) return true;  // 2.1 exporters' unindented base64 and other debris inside a card
    return fail("line " + std::to_string(logical_start_) + ": not a vCard (BEGIN:VCARD expected, " +
                quote_cell(line) + " found)");
  }
  Property p = parse_head(line.substr(0, colon));
  std::string_view value = line.substr(colon + 1);
  bool is_vcard = (p.name == "BEGIN" || p.name == "END") && upper(trim_cell(value)) == "VCARD";
  if (!card_) {
    if (p.name != "BEGIN" || !is_vcard)
      return fail("line " + std::to_string(logical_start_) + ": not a vCard (BEGIN:VCARD expected, " +
                  quote_cell(line) + " found)");
    card_ = std::make_unique<Card>();
    ++cards_;
    card_line_ = logical_start_;
    card_bytes_ = line.size();
    card_properties_ = 0;
    depth_ = 1;
    if (!header_sent_) {
      ready_.push_back(CsvRecord{.line = logical_start_, .fields = kVcardColumns});
      header_sent_ = true;
    }
    return true;
  }
  if (++card_properties_ > limits_.max_properties)
    return fail_in_card("line " + std::to_string(logical_start_) + ": more than " +
                        std::to_string(limits_.max_properties) + " properties");
  if (p.name == "BEGIN" && is_vcard) {
    ++depth_;  // an AGENT's card inside this one: not a contact of the file
    return true;
  }
  if (p.name == "END" && is_vcard) {
    if (--depth_ > 0) return true;
    ready_.push_back(card_->row(card_line_));
    card_.reset();
    return true;
  }
  if (depth_ > 1 || p.binary) return true;
  std::string text = p.qp ? text_in_charset(decode_quoted_printable(value), p.charset) : std::string(value);
  card_->add(p, std::move(text));
  return true;
}

VcardFile read_vcards(std::string_view bytes, VcardLimits limits) {
  VcardReader reader(limits);
  VcardFile file;
  if (!read_records(reader, bytes, std::max<std::size_t>(bytes.size(), 1), file.records)) file.error = reader.error();
  return file;
}

}  // namespace rapport::imports
