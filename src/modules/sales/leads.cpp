#include "modules/sales/specs.hpp"

namespace rapport::sales {
using records::FieldType;

void add_score_fields(records::ObjectSpec& s, const char* outcome) {
  auto& score = s.add("score", FieldType::Integer);
  score.writable = false;
  score.sortable = true;
  score.min = 0;
  score.max = 100;
  score.description = std::string("The calibrated chance, in percent, that it ") + outcome +
                      " (null while scoring is off: GET /api/v1/scoring/models says why)";
  auto& factors = s.add("score_factors", FieldType::Text, 2000);
  factors.writable = false;
  factors.filterable = false;
  factors.description = "What moved the score most, up and down, in words and points, separated by \"; \"";
}

const records::ObjectSpec& lead_spec() {
  static const records::ObjectSpec spec = [] {
    records::ObjectSpec s;
    s.object = "leads";
    s.singular = "lead";
    s.title = "Lead";
    s.display = {{"first_name", "last_name"}, {"email"}, {"company_name"}};
    s.search = {.groups = {{"name", {"first_name", "last_name"}}, {"company", {"company_name", "domain"}},
                           {"email", {"email"}}, {"phone", {"phone"}, true}},
                .subtitle = {"company_name", "email"}};
    for (const char* n : {"first_name", "last_name"}) {
      auto& f = s.add(n, FieldType::String, 100);
      f.sortable = true;
      f.nocase = true;
    }
    s.add("email", FieldType::Email, 254);
    s.add("phone", FieldType::Phone, 64);
    auto& company = s.add("company_name", FieldType::String, 200);
    company.sortable = true;
    company.nocase = true;
    s.add("domain", FieldType::Domain, 253).description = "The company's domain; conversion links to a company with this domain";
    s.add("job_title", FieldType::String, 150);
    s.add("website", FieldType::Url, 2048);
    s.add("source", FieldType::String, 100).description = "Where the lead came from (web form, event, referral, ...)";
    auto& status = s.add("status", FieldType::Enum);
    status.options = {"new", "contacted", "qualified", "unqualified"};
    status.description = "new (default), contacted, qualified or unqualified (needs status_reason)";
    s.add("status_reason", FieldType::Text, 1000).description = "Why the lead was qualified or disqualified";
    s.add("city", FieldType::String, 100);
    s.add("country", FieldType::Country, 2);
    s.add("description", FieldType::Text, 10000);
    for (const char* n : {"converted_at", "converted_contact_id", "converted_company_id", "converted_deal_id"}) {
      auto& f = s.add(n, std::string(n) == "converted_at" ? FieldType::DateTime : FieldType::String, 36);
      f.writable = false;
      f.description = "Set by POST /api/v1/leads/{id}/convert";
    }
    add_score_fields(s, "converts");
    s.hooks.normalize = [](boost::json::object& rec, bool creating) {
      if (creating && rec["status"].is_null()) rec["status"] = "new";
    };
    s.hooks.check = [](db::Connection&, const access::Context&, const boost::json::object& rec, const boost::json::object&,
                       bool creating, std::vector<FieldError>& errors) {
      auto empty = [&](const char* k) {
        auto& v = rec.at(k);
        return v.is_null() || (v.is_string() && v.as_string().empty());
      };
      if (empty("first_name") && empty("last_name") && empty("email") && empty("company_name"))
        errors.push_back({"last_name", "required", "a lead needs a name, an email or a company name"});
      if (rec.at("status") == "unqualified" && empty("status_reason"))
        errors.push_back({"status_reason", "required", "disqualifying a lead needs a reason"});
      (void)creating;
    };
    return s;
  }();
  return spec;
}

}  // namespace rapport::sales
