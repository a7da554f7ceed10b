#include "app/demo/rows.hpp"

#include <algorithm>
#include <utility>

#include "platform/case_fold.hpp"
#include "platform/json_text.hpp"

namespace rapport::app::demo {

void append_slug(std::string& out, std::string_view name, char sep) {
  // U+00C0..U+00FF.
  static constexpr std::array<const char*, 64> kLatin1 = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto ch = static_cast<unsigned char>(name[i]);
    if (ch >= 'a' && ch <= 'z') {
      out.push_back(static_cast<char>(ch));
    } else if (ch >= 'A' && ch <= 'Z') {
      out.push_back(static_cast<char>(ch - 'A' + 'a'));
    } else if ((ch == 0xC3) && i + 1 < name.size()) {
      auto cp = 0xC0u + (static_cast<unsigned char>(name[i + 1]) & 0x3F);
      out += kLatin1[cp - 0xC0];
      ++i;
    } else if (ch == ' ' && sep) {
      out.push_back(sep);
    }
  }
}

namespace {

void append_phone(std::string& out, Rng& r, const City& city) {
  out += city.phone_prefix;
  for (int i = 0; i < city.digits; ++i) {
    int d = (i == 0 && city.nonzero_first) ? static_cast<int>(1 + r.below(9)) : static_cast<int>(r.below(10));
    out.push_back(static_cast<char>('0' + d));
  }
}

}  // namespace

Generator::Generator(const std::string& ws, const std::string& owner, std::string owner_email, uint64_t seed,
                     int64_t n_companies, int64_t n_contacts, int64_t n_activities, int64_t company_base,
                     int64_t contact_base)
    : ws_(ws),
      owner_(owner),
      owner_email_(std::move(owner_email)),
      owner_email_key_(case_fold::key(owner_email_)),
      rng_{seed ^ 0x5eed5eed5eed5eedULL},
      n_companies_(n_companies),
      n_contacts_(n_contacts),
      n_activities_(n_activities),
      company_base_(company_base),
      contact_base_(contact_base),
      now_(clock::now_ms()),
      start_(now_ - kSpan) {
  for (auto n : kFirstNames) first_name_keys_.push_back(case_fold::key(n));
  for (auto n : kLastNames) last_name_keys_.push_back(case_fold::key(n));
  // Company names are prefix x suffix combinations visited in a seed-dependent order (stride coprime
  // with the 3200 combinations: odd and not a multiple of 5); a number is appended once all are used.
  stride_ = 2 * (seed % 1000) + 1;
  if (stride_ % 5 == 0) stride_ += 2;
  offset_ = (seed >> 10) % kCombos;
  const auto nc = static_cast<std::size_t>(n_companies), np = static_cast<std::size_t>(n_contacts);
  company_ids_.reserve(nc);
  company_domains_.reserve(nc, 28);
  company_names_.reserve(nc, 22);
  company_city_.reserve(nc);
  contact_ids_.reserve(np);
  contact_info_.reserve(np);
}

// ---- companies ---------------------------------------------------------------------------------
void Generator::produce_companies(Chunk& ch, int64_t begin, std::size_t n) {
  using namespace company_col;
  ch.reset(n);
  for (std::size_t k = 0; k < n; ++k) {
    const int64_t i = begin + static_cast<int64_t>(k);
    db::Value* row = ch.row(k);
    ch.index[k] = i;
    const uint64_t ordinal = static_cast<uint64_t>(company_base_ + i);
    const uint64_t combo = ((ordinal % kCombos) * stride_ + offset_) % kCombos;
    const uint64_t round = ordinal / kCombos;
    const auto prefix = kCompanyPrefixes[combo % kCompanyPrefixes.size()];
    const auto& suffix = kCompanySuffixes[combo / kCompanyPrefixes.size()];
    name_.assign(prefix);
    name_.push_back(' ');
    name_ += suffix.word;
    domain_.clear();
    append_slug(domain_, prefix, '-');
    domain_.push_back('-');
    append_slug(domain_, suffix.word, '-');
    if (round > 0) {
      name_.push_back(' ');
      json_text::append_int(name_, static_cast<int64_t>(round + 1));
      domain_.push_back('-');
      json_text::append_int(domain_, static_cast<int64_t>(round + 1));
    }
    ch.suffix_at[k] = static_cast<uint32_t>(domain_.size());
    domain_ += ".example";

    const Size& size = pick_weighted(rng_, kSizes);
    const int city_idx = pick_city(rng_);
    const City& city = kCities[static_cast<std::size_t>(city_idx)];
    const int64_t employees = rng_.range(size.lo, size.hi);

    const Id id = make_id();
    set(row[kId], view(id));
    set(row[kWs], ws_);
    set(row[kName], name_);
    set(row[kNameKey], case_fold::key(name_));
    set(row[kDomain], domain_);
    set(row[kIndustry], suffix.industry);
    set(row[kSize], size.label);
    set(row[kEmployees], employees);
    if (rng_.chance(85)) {
      text_.assign("https://www.");
      text_ += domain_;
      set(row[kWebsite], text_);
    } else {
      set_null(row[kWebsite]);
    }
    if (rng_.chance(70)) {
      text_.clear();
      append_phone(text_, rng_, city);
      set(row[kPhone], text_);
    } else {
      set_null(row[kPhone]);
    }
    set(row[kCity], city.name);
    set(row[kCountry], city.country);
    if (rng_.chance(40)) {
      text_.assign(suffix.industry);
      text_ += " company based in ";
      text_ += city.name;
      text_ += employees > 1000 ? ". Enterprise account." : employees > 50 ? ". Mid-market account." : ". Small business.";
      set(row[kDescription], text_);
    } else {
      set_null(row[kDescription]);
    }
    set(row[kOwner], owner_);
    stamp(row[kCreated], row[kUpdated], spread(i, n_companies_));

    company_ids_.push_back(id);
    company_domains_.push(domain_);
    company_names_.push(name_);
    company_city_.push_back(static_cast<uint8_t>(city_idx));
  }
}

// ---- contacts ----------------------------------------------------------------------------------
// Within a chunk, contacts are inserted in email order (the unique email index then fills page by
// page instead of at random); each keeps the creation time and company drawn for its place in time,
// and the contact_* arrays stay in creation order.
void Generator::produce_contacts(Chunk& ch, int64_t begin, std::size_t n) {
  using namespace contact_col;
  pending_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const int64_t i = begin + static_cast<int64_t>(k);
    PendingContact& p = pending_[k];
    p.info = {static_cast<uint8_t>(rng_.below(kFirstNames.size())), static_cast<uint8_t>(rng_.below(kLastNames.size())),
              kCompanyMail, -1};
    if (n_companies_ > 0 && rng_.chance(90)) {
      // A company that already existed when this contact was created.
      const int64_t limit = std::max<int64_t>(1, static_cast<int64_t>((static_cast<__int128>(n_companies_) * (i + 1) +
                                                                        n_contacts_ - 1) / n_contacts_));
      p.info.company = static_cast<int32_t>(pick_earlier(std::min(limit, n_companies_)));
    }
    if (p.info.company < 0 || company_domain(static_cast<std::size_t>(p.info.company)).empty())
      p.info.mail = static_cast<uint8_t>(rng_.below(kFreeMailDomains.size()));
    p.suffix_at = build_email(p.email, p.info, i);
    p.city = static_cast<uint8_t>(p.info.company >= 0 && rng_.chance(80)
                                      ? company_city_[static_cast<std::size_t>(p.info.company)]
                                      : pick_city(rng_));
    p.created = spread(i, n_contacts_);
  }
  order_.resize(n);
  for (std::size_t k = 0; k < n; ++k) order_[k] = static_cast<uint32_t>(k);
  std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return pending_[a].email < pending_[b].email; });
  ch.reset(n);
  const auto first_index = static_cast<std::size_t>(begin);
  contact_ids_.resize(first_index + n);
  contact_info_.resize(first_index + n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t index = first_index + order_[k];
    const PendingContact& p = pending_[order_[k]];
    ch.index[k] = static_cast<int64_t>(index);
    const City& city = kCities[p.city];
    db::Value* row = ch.row(k);
    const Id id = make_id();
    set(row[kId], view(id));
    set(row[kWs], ws_);
    set(row[kFirst], kFirstNames[p.info.first]);
    set(row[kLast], kLastNames[p.info.last]);
    set(row[kFirstKey], first_name_keys_[p.info.first]);
    set(row[kLastKey], last_name_keys_[p.info.last]);
    set(row[kEmail], p.email);  // lower-case ASCII (slugs and domains): its own key (kInsertContact)
    ch.suffix_at[k] = p.suffix_at;
    if (rng_.chance(65)) {
      text_.clear();
      append_phone(text_, rng_, city);
      set(row[kPhone], text_);
    } else {
      set_null(row[kPhone]);
    }
    if (p.info.company >= 0)
      set(row[kCompany], view(company_ids_[static_cast<std::size_t>(p.info.company)]));
    else
      set_null(row[kCompany]);
    if (rng_.chance(90))
      set(row[kTitle], rng_.pick(kJobTitles));
    else
      set_null(row[kTitle]);
    set(row[kStage], pick_weighted(rng_, kStages));
    set(row[kCity], city.name);
    set(row[kCountry], city.country);
    set(row[kOwner], owner_);
    stamp(row[kCreated], row[kUpdated], p.created);

    contact_ids_[index] = id;
    contact_info_[index] = p.info;
  }
}

// ---- emails ------------------------------------------------------------------------------------
uint32_t Generator::build_email(std::string& out, const ContactInfo& info, int64_t index) const {
  out.clear();
  append_slug(out, kFirstNames[info.first]);
  out.push_back('.');
  append_slug(out, kLastNames[info.last]);
  out.push_back('.');
  json_text::append_int(out, contact_base_ + index + 1);
  const auto at = static_cast<uint32_t>(out.size());
  out.push_back('@');
  out += info.mail == kCompanyMail ? company_domain(static_cast<std::size_t>(info.company)) : kFreeMailDomains[info.mail];
  return at;
}

std::string_view Generator::contact_email(std::size_t i) {
  if (!email_override.empty())
    if (auto it = email_override.find(i); it != email_override.end()) return it->second;
  build_email(email_, contact_info_[i], static_cast<int64_t>(i));
  return email_;
}

}  // namespace rapport::app::demo
