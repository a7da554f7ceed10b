#include "modules/imports/known_headers.hpp"

#include <map>
#include <utility>

#include "platform/case_fold.hpp"

namespace rapport::imports {

namespace {

// object, target, headers separated by '|'.
struct Known {
  std::string_view object, target, headers;
};

// Sources: HubSpot (HS), Salesforce (SF: API names and report labels), Pipedrive (PD), Zoho CRM (ZO).
constexpr Known kKnown[] = {
    // Contacts
    {"contacts", "first_name", "First Name|FirstName|Given Name|Vorname|Prénom"},
    {"contacts", "last_name", "Last Name|LastName|Surname|Family Name|Nachname|Nom"},
    {"contacts", "full_name", "Name|Full Name|Contact Name|Person Name|Contact"},
    {"contacts", "email", "Email|E-mail|Email Address|E-mail Address|Primary Email|Email - Work|Work Email|E-Mail-Adresse"},
    {"contacts", "emails", "Additional email addresses|Secondary Email|Email - Home|Email - Other|Other Email|Personal Email"},
    {"contacts", "phone", "Phone|Phone Number|Business Phone|Phone - Work|Work Phone|Telephone|Telefon"},
    {"contacts", "phones",
     "Mobile|Mobile Phone|Mobile Phone Number|MobilePhone|Phone - Mobile|Phone - Home|Phone - Other|Home Phone|HomePhone|"
     "Other Phone|OtherPhone|Cell|Cell Phone"},
    {"contacts", "job_title", "Job Title|Title|Position|Job Position|Designation"},
    {"contacts", "lifecycle_stage", "Lifecycle Stage"},
    {"contacts", "lead_source", "Lead Source|LeadSource|Original Source|Source"},
    {"contacts", "city", "City|Mailing City|MailingCity"},
    {"contacts", "country", "Country|Country/Region|Mailing Country|MailingCountry"},
    {"contacts", "birthday", "Birthday|Birthdate|Date of Birth|Birth Date"},
    {"contacts", "linkedin_url", "LinkedIn|LinkedIn URL|LinkedIn Profile|LinkedIn Bio"},
    {"contacts", "description", "Description|Notes|Note|About"},
    {"contacts", "company", "Company|Company Name|Account Name|Account|Organization|Organisation|Organization Name|"
                            "Associated Company|Firma"},
    {"contacts", "company_domain", "Company Domain|Company Domain Name|Company Website"},
    {"contacts", "owner", "Owner|Contact Owner|Contact owner email|Owner Email|Record Owner|OwnerEmail"},
    {"contacts", "external_id", "Record ID|Id|Contact ID|Person ID|External ID|ContactId"},
    // Companies
    {"companies", "name", "Name|Company Name|Company|Account Name|Organization|Organisation|Organization Name|Firma"},
    {"companies", "domain", "Domain|Company Domain Name|Company Domain|Website Domain"},
    {"companies", "website", "Website|Website URL|Web Site|URL|Homepage"},
    {"companies", "industry", "Industry|Branche"},
    {"companies", "employee_count", "Number of Employees|NumberOfEmployees|Employees|Employee Count|Headcount"},
    {"companies", "size", "Company Size|Size"},
    {"companies", "annual_revenue", "Annual Revenue|AnnualRevenue|Revenue"},
    {"companies", "phone", "Phone|Phone Number|Main Phone|Company Phone|Telephone"},
    {"companies", "street", "Street|Street Address|Address|Billing Street|BillingStreet|Address 1"},
    {"companies", "city", "City|Billing City|BillingCity"},
    {"companies", "region", "State|State/Region|Region|Billing State|BillingState|State/Province|Province"},
    {"companies", "postal_code", "Postal Code|Zip|Zip Code|Postcode|Billing Zip|Billing Code|BillingPostalCode"},
    {"companies", "country", "Country|Country/Region|Billing Country|BillingCountry"},
    {"companies", "description", "Description|Notes|About"},
    {"companies", "owner", "Owner|Company owner|Account Owner|Organization owner|Owner Email"},
    {"companies", "external_id", "Record ID|Id|Account ID|Company ID|Organization ID|External ID|AccountId"},
    // Deals
    {"deals", "name", "Deal Name|Name|Opportunity Name|Title|Deal Title|Deal"},
    {"deals", "amount", "Amount|Value|Deal Value|Deal Amount"},
    {"deals", "expected_close_date", "Close Date|CloseDate|Closing Date|Expected Close Date|Expected close date"},
    {"deals", "pipeline", "Pipeline|Pipeline Name"},
    {"deals", "stage", "Stage|Deal Stage|StageName|Stage Name"},
    {"deals", "company", "Company|Company Name|Associated Company|Account Name|Account|Organization|Organisation"},
    {"deals", "company_domain", "Company Domain|Company Domain Name"},
    {"deals", "contact_email", "Contact Email|Primary Contact Email|Contact person email"},
    {"deals", "lost_reason", "Lost Reason|Closed Lost Reason|Loss Reason|Reason for Loss"},
    {"deals", "description", "Description|Notes|Next Step"},
    {"deals", "closed_at", "Closed At|Close Time|Closed Date|Date Closed|Won Time|Lost Time|Closed Time"},
    {"deals", "owner", "Owner|Deal owner|Opportunity Owner|Owner Email"},
    {"deals", "external_id", "Record ID|Id|Deal ID|Opportunity ID|External ID|OpportunityId"},
    // Leads
    {"leads", "first_name", "First Name|FirstName|Given Name"},
    {"leads", "last_name", "Last Name|LastName|Surname|Family Name"},
    {"leads", "full_name", "Name|Full Name|Lead Name"},
    {"leads", "email", "Email|E-mail|Email Address|Email - Work"},
    {"leads", "phone", "Phone|Phone Number|Mobile|MobilePhone|Phone - Work|Phone - Mobile"},
    {"leads", "company_name", "Company|Company Name|Organization|Organisation|Account Name"},
    {"leads", "domain", "Domain|Company Domain|Company Domain Name"},
    {"leads", "website", "Website|Website URL|Web Site|URL"},
    {"leads", "job_title", "Job Title|Title|Designation|Position"},
    {"leads", "source", "Lead Source|LeadSource|Source|Original Source"},
    {"leads", "status", "Lead Status|Status"},
    {"leads", "city", "City"},
    {"leads", "country", "Country|Country/Region"},
    {"leads", "description", "Description|Notes"},
    {"leads", "owner", "Owner|Lead Owner|Owner Email"},
    {"leads", "external_id", "Record ID|Id|Lead ID|External ID|LeadId"},
    // Every object: when the record was created in the system the file comes from.
    {"", "created_at",
     "Create Date|Created Date|CreatedDate|Created Time|Created|Created At|Date Created|Creation Date|Person created|"
     "Organization created|Deal created|Lead created"},
};

// Pipedrive prefixes its columns with the object: "Person - Name", "Deal - Value".
constexpr std::string_view kPrefixes[] = {"person", "organization", "organisation", "deal", "lead", "contact", "account",
                                          "company"};

using Table = std::map<std::pair<std::string, std::string>, std::string, std::less<>>;

const Table& table() {
  static const Table t = [] {
    Table m;
    for (const auto& k : kKnown) {
      std::string_view rest = k.headers;
      while (!rest.empty()) {
        auto bar = rest.find('|');
        auto header = rest.substr(0, bar);
        m.emplace(std::pair{std::string(k.object), header_key(header)}, std::string(k.target));
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
      }
    }
    return m;
  }();
  return t;
}

}  // namespace

std::string header_key(std::string_view header) {
  std::string folded = case_fold::key(header);
  std::string_view view = folded;
  while (!view.empty() && view.front() == ' ') view.remove_prefix(1);
  if (auto dash = view.find(" - "); dash != std::string_view::npos)
    for (auto p : kPrefixes)
      if (view.substr(0, dash) == p) view.remove_prefix(dash + 3);
  std::string out;
  for (char c : view) {
    auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) out += c;
  }
  return out;
}

std::string_view known_header_target(std::string_view object, std::string_view key) {
  const auto& t = table();
  for (std::string_view o : {object, std::string_view{}}) {
    auto it = t.find(std::pair{std::string(o), std::string(key)});
    if (it != t.end()) return it->second;
  }
  return {};
}

}  // namespace rapport::imports
