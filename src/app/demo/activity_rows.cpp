// Activity rows: notes, tasks, calls, meetings and emails, each with the subject, body and fields its
// type calls for, and each belonging to one contact (and to that contact's company, through the
// timeline links the inserting side writes from kContactId and kCompanyId).
#include "app/demo/rows.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "platform/json_text.hpp"

namespace rapport::app::demo {

void Generator::produce_activities(Chunk& ch, int64_t begin, std::size_t n) {
  using namespace activity_col;
  ch.reset(n);
  for (std::size_t k = 0; k < n; ++k) {
    const int64_t j = begin + static_cast<int64_t>(k);
    db::Value* row = ch.row(k);
    // Spread over the same two years in insertion order; each belongs to a contact that existed by then.
    const int64_t limit = std::max<int64_t>(1, static_cast<int64_t>((static_cast<__int128>(n_contacts_) * (j + 1) +
                                                                      n_activities_ - 1) / n_activities_));
    const auto ci = static_cast<std::size_t>(pick_earlier(std::min(limit, n_contacts_)));
    const ContactInfo& info = contact_info_[ci];
    const auto first = kFirstNames[info.first];
    const auto last = kLastNames[info.last];
    const std::string_view contact_email = this->contact_email(ci);
    const auto company = info.company >= 0 ? static_cast<std::size_t>(info.company) : SIZE_MAX;
    auto type = pick_weighted(rng_, kActivityTypes);
    if (contact_email.empty() && (type == "email" || type == "meeting")) type = "call";  // email had to be NULL
    int64_t t = std::min(now_ - kMinute, spread(j, n_activities_));
    const int64_t created = t;
    int64_t updated = t;

    for (auto c : {kDue, kDone, kCompleted, kDirection, kDuration, kOutcome, kStarts, kEnds, kLocation, kFrom})
      set_null(row[c]);
    set(row[kAttendees], "[]");
    set(row[kTo], "[]");
    set(row[kAttendeesKey], "[]");
    set(row[kToKey], "[]");
    set_null(row[kFromKey]);
    subject_.clear();
    body_.clear();

    if (type == "note") {
      subject_ += rng_.pick(kNoteSubjects);
      body_ += "Spoke with ";
      body_ += first;
      body_ += " about ";
      body_ += rng_.pick(kTopics);
      body_ += ". ";
      body_ += rng_.pick(kNextSteps);
    } else if (type == "task") {
      subject_ += rng_.pick(kTaskVerbs);
      subject_.push_back(' ');
      subject_ += first;
      subject_.push_back(' ');
      subject_ += last;
      if (rng_.chance(60)) {
        body_ += "Regarding ";
        body_ += rng_.pick(kTopics);
        body_.push_back('.');
      }
      const int64_t due = t + rng_.range(1, 14) * kDay;
      set(row[kDue], clock::format_ms(due));
      const bool done = due < now_ ? rng_.chance(80) : rng_.chance(10);
      set(row[kDone], int64_t{done ? 1 : 0});
      if (done) {
        const int64_t completed =
            std::min(now_, t + kMinute + static_cast<int64_t>(rng_.below(static_cast<uint64_t>(due - t))));
        set(row[kCompleted], clock::format_ms(completed));
        updated = completed;
      }
    } else if (type == "call") {
      const bool outbound = rng_.chance(70);
      const auto outcome = pick_weighted(rng_, kOutcomes);
      subject_ += outbound ? "Call to " : "Call from ";
      subject_ += first;
      subject_.push_back(' ');
      subject_ += last;
      int64_t duration;
      if (outcome == "connected") {
        duration = rng_.range(60, 2700);
        body_ += "Discussed ";
        body_ += rng_.pick(kTopics);
        body_ += ". ";
        body_ += rng_.pick(kNextSteps);
      } else {
        duration = outcome == "left_voicemail" ? rng_.range(20, 90) : rng_.range(0, 30);
        body_ += outcome == "left_voicemail" ? "Left a voicemail, will try again." : "Could not reach them, will try again.";
      }
      set(row[kDirection], outbound ? "outbound" : "inbound");
      set(row[kDuration], duration);
      set(row[kOutcome], outcome);
    } else if (type == "meeting") {
      subject_ += rng_.pick(kMeetingKinds);
      subject_ += " with ";
      if (company != SIZE_MAX) {
        subject_ += company_names_[company];
      } else {
        subject_ += first;
        subject_.push_back(' ');
        subject_ += last;
      }
      body_ += "Agenda: ";
      body_ += rng_.pick(kTopics);
      body_.push_back('.');
      // Booked at t for a working-hours slot on the half hour after it; recent ones are often ahead.
      int64_t starts = t - t % kDay + rng_.range(8, 17) * kHour + (rng_.chance(50) ? 30 * kMinute : 0);
      if (starts <= t) starts += kDay;
      if (now_ - t < 14 * kDay && rng_.chance(40)) starts += rng_.range(1, 14) * kDay;
      static constexpr std::array<int64_t, 4> kLengths = {30, 45, 60, 90};
      const int64_t ends = starts + rng_.pick(kLengths) * kMinute;
      t = starts;
      set(row[kStarts], clock::format_ms(starts));
      set(row[kEnds], clock::format_ms(ends));
      if (company != SIZE_MAX && rng_.chance(40)) {
        text_.assign(kCities[company_city_[company]].name);
        text_ += " office";
      } else {
        text_.assign(rng_.pick(kVirtualLocations));
      }
      set(row[kLocation], text_);
      // The keys: a generated contact's address is its own key (lower-case ASCII); the owner's is not.
      set(row[kAttendees], address_list(contact_email, owner_email_));
      set(row[kAttendeesKey], address_list(contact_email, owner_email_key_));
    } else {  // email
      const bool outbound = rng_.chance(60);
      subject_ += outbound ? "" : "Re: ";
      subject_ += "Following up on ";
      subject_ += rng_.pick(kTopics);
      if (outbound) {
        body_ += "Hi ";
        body_ += first;
        body_ += ",\n\n";
        body_ += rng_.pick(kEmailLines);
        body_ += "\n\nBest regards";
      } else {
        body_ += "Hi,\n\nCould you send me more details on ";
        body_ += rng_.pick(kTopics);
        body_ += "?\n\nThanks,\n";
        body_ += first;
      }
      set(row[kDirection], outbound ? "outbound" : "inbound");
      set(row[kFrom], outbound ? std::string_view(owner_email_) : contact_email);
      set(row[kFromKey], outbound ? std::string_view(owner_email_key_) : contact_email);
      set(row[kTo], address_list(outbound ? contact_email : std::string_view(owner_email_)));
      set(row[kToKey], address_list(outbound ? contact_email : std::string_view(owner_email_key_)));
    }

    const Id id = make_id();
    set(row[kId], view(id));
    set(row[kWs], ws_);
    set(row[kType], type);
    set(row[kSubject], subject_);
    if (body_.empty())
      set_null(row[kBody]);
    else
      set(row[kBody], body_);
    set(row[kOccurred], clock::format_ms(t));
    set(row[kOwner], owner_);
    set(row[kCreated], clock::format_ms(created));
    set(row[kUpdated], updated == created ? std::get<std::string>(row[kCreated]) : clock::format_ms(updated));
    set(row[kContactId], view(contact_ids_[ci]));
    if (company != SIZE_MAX)
      set(row[kCompanyId], view(company_ids_[company]));
    else
      set_null(row[kCompanyId]);
  }
}

}  // namespace rapport::app::demo
