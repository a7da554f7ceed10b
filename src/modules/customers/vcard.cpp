#include "modules/customers/vcard.hpp"

#include "platform/export/content_lines.hpp"

namespace rapport::customers {
namespace json = boost::json;
using content_lines::append;
using content_lines::escape_text;
constexpr auto text = content_lines::text_field;

namespace {


std::vector<std::string> texts(const json::object& r, std::string_view key) {
  std::vector<std::string> out;
  if (auto* v = r.if_contains(key); v && v->is_array())
    for (const auto& e : v->as_array())
      if (e.is_string() && !e.as_string().empty()) out.emplace_back(e.as_string());
  return out;
}

}  // namespace

void append_vcard(const json::object& contact, std::string& out, std::string_view organization) {
  const std::string first = text(contact, "first_name"), last = text(contact, "last_name"), email = text(contact, "email");
  out += "BEGIN:VCARD\r\nVERSION:4.0\r\n";
  const std::string id = text(contact, "id");
  if (!id.empty()) append(out, "UID", "urn:uuid:" + id);
  // FN is required (RFC 6350 6.2.1): the name, else the address, else the id.
  std::string full = first.empty() ? last : last.empty() ? first : first + " " + last;
  if (full.empty()) full = email.empty() ? id : email;
  append(out, "FN", escape_text(full));
  if (!first.empty() || !last.empty()) append(out, "N", escape_text(last) + ";" + escape_text(first) + ";;;");
  if (!email.empty()) append(out, "EMAIL;PREF=1", escape_text(email));
  for (const auto& e : texts(contact, "emails"))
    if (e != email) append(out, "EMAIL", escape_text(e));
  // Phones are stored in E.164: a tel: URI (RFC 6350 6.4.1 prefers it in 4.0).
  const std::string phone = text(contact, "phone");
  if (!phone.empty()) append(out, "TEL;VALUE=uri;PREF=1", "tel:" + phone);
  for (const auto& p : texts(contact, "phones"))
    if (p != phone) append(out, "TEL;VALUE=uri", "tel:" + p);
  if (!organization.empty()) append(out, "ORG", escape_text(organization));
  if (auto title = text(contact, "job_title"); !title.empty()) append(out, "TITLE", escape_text(title));
  const std::string city = text(contact, "city"), country = text(contact, "country");
  if (!city.empty() || !country.empty()) append(out, "ADR", ";;;" + escape_text(city) + ";;;" + escape_text(country));
  // A date in the basic form (RFC 6350 4.3.1): 19850412.
  if (auto birthday = text(contact, "birthday"); birthday.size() == 10)
    append(out, "BDAY", birthday.substr(0, 4) + birthday.substr(5, 2) + birthday.substr(8, 2));
  if (auto url = text(contact, "linkedin_url"); !url.empty()) append(out, "URL", url);
  if (auto note = text(contact, "description"); !note.empty()) append(out, "NOTE", escape_text(note));
  if (auto rev = content_lines::utc_basic(text(contact, "updated_at"))) append(out, "REV", *rev);
  out += "END:VCARD\r\n";
}

}  // namespace rapport::customers
