#include "modules/customers/specs.hpp"
#include "modules/customers/vcard.hpp"

namespace rapport::customers {
using records::FieldSpec;
using records::FieldType;

const records::ObjectSpec& contact_spec() {
  static const records::ObjectSpec spec = [] {
    records::ObjectSpec s;
    s.object = "contacts";
    s.singular = "contact";
    s.title = "Contact";
    s.display = {{"first_name", "last_name"}, {"email"}};
    s.search = {.groups = {{"name", {"first_name", "last_name"}}, {"email", {"email", "emails"}},
                           {"phone", {"phone", "phones"}, true}},
                .subtitle = {"email", "company_id"}};
    s.default_sort = "-created_at";
    s.erasable = true;
    auto add = [&](std::string name, FieldType t, std::size_t max_len = 255) -> FieldSpec& {
      FieldSpec f;
      f.name = std::move(name);
      f.type = t;
      f.max_length = max_len;
      s.fields.push_back(std::move(f));
      return s.fields.back();
    };
    for (const char* n : {"first_name", "last_name"}) {
      auto& f = add(n, FieldType::String, 100);
      f.sortable = true;
      f.nocase = true;
    }
    add("email", FieldType::Email, 254).description = "Primary email, unique (case-insensitively) among live contacts";
    add("phone", FieldType::Phone, 64).description = "Primary phone, stored in E.164";
    add("emails", FieldType::EmailList).description = "Additional email addresses";
    add("phones", FieldType::PhoneList).description = "Additional phone numbers, stored in E.164";
    auto& company = add("company_id", FieldType::Reference);
    company.ref_table = "companies";
    company.export_labels = {{"company", "name"}, {"company_domain", "domain"}};
    add("job_title", FieldType::String, 150);
    auto& stage = add("lifecycle_stage", FieldType::Enum);
    stage.options = {"subscriber", "lead", "marketing_qualified", "sales_qualified", "opportunity", "customer", "evangelist", "other"};
    add("lead_source", FieldType::String, 100);
    add("city", FieldType::String, 100);
    add("country", FieldType::Country, 2).description = "ISO 3166-1 alpha-2; also the region for national phone numbers";
    add("birthday", FieldType::Date, 10);
    add("linkedin_url", FieldType::Url, 2048);
    add("description", FieldType::Text, 10000);
    s.unique = {{"email"}};
    // The list export's format=vcf: one card per contact (without ORG, which would cost a lookup of
    // each contact's company; GET /api/v1/contacts/{id}/vcard has it).
    s.record_formats.push_back({.name = "vcf", .content_type = "text/vcard; charset=utf-8", .extension = "vcf",
                                .write = [](const boost::json::object& r, std::string& out) { append_vcard(r, out); }});
    s.hooks.check = [](db::Connection&, const access::Context&, const boost::json::object& rec,
                       const boost::json::object&, bool, std::vector<FieldError>& errors) {
      auto empty = [&](const char* k) {
        auto& v = rec.at(k);
        return v.is_null() || (v.is_string() && v.as_string().empty());
      };
      if (empty("first_name") && empty("last_name") && empty("email"))
        errors.push_back({"last_name", "required", "a contact needs a first name, a last name or an email"});
    };
    return s;
  }();
  return spec;
}

}  // namespace rapport::customers
