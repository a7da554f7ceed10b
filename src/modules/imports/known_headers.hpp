// The column headers other CRMs' exports write, and the import target each means, per object: the
// exports of HubSpot, Salesforce (Data Export and reports), Pipedrive and Zoho CRM, plus common
// spreadsheet spellings (README.md lists them). Matched by header_key, so case, spaces and
// punctuation do not matter, and Pipedrive's "Person - " / "Deal - " prefixes are dropped.
#pragma once
#include <string>
#include <string_view>

namespace rapport::imports {

// The comparable form of a header: case-folded letters and digits only, after dropping a leading
// "<object> - " (Pipedrive): "Person - Email - Work" -> "emailwork", "Company Domain Name" ->
// "companydomainname".
std::string header_key(std::string_view header);

// The target a known header means for `object` ("contacts", "companies", "deals", "leads"); empty when
// the header is not in the table.
std::string_view known_header_target(std::string_view object, std::string_view key);

}  // namespace rapport::imports
