// A contact as a vCard 4.0 (RFC 6350): the pure writer behind GET /api/v1/contacts/{id}/vcard and
// the contacts export's format=vcf. A function of the record as GET returns it (fields the caller's
// role hides are absent, so they are not written), UTF-8, escaped and folded at 75 octets by
// platform/export/content_lines.
#pragma once
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace rapport::customers {

// Appends BEGIN:VCARD ... END:VCARD for the contact; `organization` is its company's name (ORG),
// empty for none.
void append_vcard(const boost::json::object& contact, std::string& out, std::string_view organization = {});

}  // namespace rapport::customers
