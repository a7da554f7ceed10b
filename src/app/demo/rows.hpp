// Building generated rows: the Generator draws companies, contacts and activities (names, domains,
// emails, phones, texts, timestamps, who belongs to whom) into Chunks laid out as in columns.hpp.
// Companies and contacts are built in rows.cpp, activities in activity_rows.cpp.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/demo/columns.hpp"
#include "app/demo/vocabulary.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/json_text.hpp"

namespace rapport::app::demo {

using Id = std::array<char, 36>;
// Lower-case ASCII letters of a name for host names and email local parts: Latin-1 accented letters are
// transliterated, everything else (spaces, apostrophes) dropped, or turned into `sep` when nonzero.
void append_slug(std::string& out, std::string_view name, char sep = 0);

inline std::string_view view(const Id& id) { return {id.data(), id.size()}; }
inline Id make_id() {
  Id id;
  const std::string s = ids::uuid_v7();
  std::memcpy(id.data(), s.data(), id.size());
  return id;
}

inline constexpr int64_t kMinute = 60'000;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

// Strings stored back to back (company names and domains) so many of them cost a few allocations.
class Arena {
 public:
  void reserve(std::size_t items, std::size_t avg_len) {
    ends_.reserve(items);
    data_.reserve(items * avg_len);
  }
  void push(std::string_view s) {
    data_ += s;
    ends_.push_back(data_.size());
  }
  std::string_view operator[](std::size_t i) const {
    std::size_t begin = i ? ends_[i - 1] : 0;
    return std::string_view(data_).substr(begin, ends_[i] - begin);
  }

 private:
  std::string data_;
  std::vector<std::size_t> ends_;
};

// Everything the producers draw from and remember. Producers run one at a time (on whichever thread);
// the *_override maps are written by the inserting thread during a phase and read by later phases.
class Generator {
 public:
  Generator(const std::string& ws, const std::string& owner, std::string owner_email, uint64_t seed,
            int64_t n_companies, int64_t n_contacts, int64_t n_activities, int64_t company_base, int64_t contact_base);

  std::unordered_map<std::size_t, std::string> domain_override, email_override;

  // Each fills `ch` with records begin .. begin + n - 1. Calls come one at a time and in order (they
  // share one random generator): all companies, then all contacts, then all activities.
  void produce_companies(Chunk& ch, int64_t begin, std::size_t n);
  void produce_contacts(Chunk& ch, int64_t begin, std::size_t n);
  void produce_activities(Chunk& ch, int64_t begin, std::size_t n);

 private:
  static constexpr int64_t kSpan = 730 * kDay;  // data covers the last two years
  static constexpr uint64_t kCombos = kCompanyPrefixes.size() * kCompanySuffixes.size();

  static constexpr uint8_t kCompanyMail = 255;
  struct ContactInfo {
    uint8_t first, last;
    uint8_t mail;     // index into kFreeMailDomains, or kCompanyMail: the company's domain
    int32_t company;  // index into company_ids_, or -1
  };
  struct PendingContact {
    ContactInfo info;
    uint8_t city;
    uint32_t suffix_at;
    int64_t created;
    std::string email;
  };

  std::string_view company_domain(std::size_t i) const {
    if (!domain_override.empty())
      if (auto it = domain_override.find(i); it != domain_override.end()) return it->second;
    return company_domains_[i];
  }
  // "first.last.<n>@domain"; returns where the "@" is (a uniqueness suffix goes there).
  uint32_t build_email(std::string& out, const ContactInfo& info, int64_t index) const;
  // The email contact i was inserted with (empty when it had to be NULL); valid until the next call.
  std::string_view contact_email(std::size_t i);

  // When record i of n was created: evenly over the two years plus jitter, so creation order follows
  // insertion order (the created/updated indexes append).
  int64_t spread(int64_t i, int64_t n) {
    n = std::max<int64_t>(n, 1);
    const int64_t step = std::max<int64_t>(1, kSpan / n);
    return start_ + static_cast<int64_t>((static_cast<__int128>(kSpan) * i) / n) +
           static_cast<int64_t>(rng_.below(static_cast<uint64_t>(step)));
  }
  // created_at, and updated_at: most records were edited again within a couple of weeks.
  void stamp(db::Value& created_v, db::Value& updated_v, int64_t created) {
    set(created_v, clock::format_ms(created));
    if (rng_.chance(60) && now_ - created > 1)
      set(updated_v, clock::format_ms(created + 1 + static_cast<int64_t>(rng_.below(
                                                        static_cast<uint64_t>(std::min(now_ - created - 1, 14 * kDay))))));
    else
      set(updated_v, std::get<std::string>(created_v));
  }
  // A JSON list of one or two e-mail addresses, in text_.
  const std::string& address_list(std::string_view a, std::string_view b = {}) {
    text_.assign("[");
    json_text::append_string(text_, a);
    if (!b.empty()) {
      text_.push_back(',');
      json_text::append_string(text_, b);
    }
    text_.push_back(']');
    return text_;
  }
  // An index below `limit` (>= 1): mostly among the most recent 1% (at least 20); contacts are added
  // around when their company is, activities happen mostly around recent contacts — sometimes any.
  // Keeping most picks recent also keeps the company and timeline indexes' hot pages few.
  int64_t pick_earlier(int64_t limit) {
    if (limit <= 1) return 0;
    if (rng_.chance(10)) return static_cast<int64_t>(rng_.below(static_cast<uint64_t>(limit)));
    const int64_t window = std::min(limit, std::max<int64_t>(20, limit / 100));
    return limit - 1 - static_cast<int64_t>(rng_.below(static_cast<uint64_t>(window)));
  }

  const std::string& ws_;
  const std::string& owner_;
  const std::string owner_email_;
  const std::string owner_email_key_;  // case_fold::key(owner_email_)
  std::vector<std::string> first_name_keys_, last_name_keys_;  // of kFirstNames, kLastNames
  Rng rng_;
  const int64_t n_companies_, n_contacts_, n_activities_, company_base_, contact_base_;
  const int64_t now_, start_;
  uint64_t stride_ = 1, offset_ = 0;

  std::vector<Id> company_ids_;
  Arena company_domains_, company_names_;
  std::vector<uint8_t> company_city_;
  std::vector<Id> contact_ids_;
  std::vector<ContactInfo> contact_info_;

  // Scratch space, reused.
  std::string name_, domain_, text_, subject_, body_, email_;
  std::vector<PendingContact> pending_;
  std::vector<uint32_t> order_;
};

}  // namespace rapport::app::demo
