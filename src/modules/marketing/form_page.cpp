#include "modules/marketing/form_page.hpp"

#include <algorithm>

#include "modules/customers/specs.hpp"
#include "modules/marketing/form_intake.hpp"
#include "modules/marketing/form_submission.hpp"
#include "modules/sales/specs.hpp"
#include "platform/http/public_page.hpp"
#include "platform/records/custom_fields.hpp"

namespace rapport::marketing {
using http::html_escape;
using records::FieldType;

namespace {

std::string kind_of(FieldType t) {
  switch (t) {
    case FieldType::Email: return "email";
    case FieldType::Phone: return "tel";
    case FieldType::Url: return "url";
    case FieldType::Date: return "date";
    case FieldType::Text: return "textarea";
    case FieldType::Enum: return "select";
    default: return "text";
  }
}

std::string kind_of_custom(const std::string& type) {
  if (type == "email") return "email";
  if (type == "phone") return "tel";
  if (type == "url") return "url";
  if (type == "select") return "select";
  return "text";
}

std::string attr(std::string_view name, std::string_view value) {
  std::string out = " ";
  out += name;
  out += "=\"";
  out += html_escape(value);
  out += '"';
  return out;
}

std::string input_html(const FormInput& in, const std::string& value, const std::string* error) {
  const std::string id = "f-" + in.name;
  std::string out = "<div class=\"field\"><label for=\"" + html_escape(id) + "\">" + html_escape(in.label);
  if (in.required) out += " <span aria-hidden=\"true\">*</span>";
  out += "</label>";
  std::string common = attr("id", id) + attr("name", in.name);
  if (in.required) common += " required";
  if (error) common += " aria-invalid=\"true\"" + attr("aria-describedby", id + "-error");
  if (in.kind == "textarea") {
    out += "<textarea rows=\"5\"" + common + attr("maxlength", std::to_string(in.max_length)) + ">" + html_escape(value) + "</textarea>";
  } else if (in.kind == "select") {
    out += "<select" + common + "><option value=\"\"></option>";
    for (const auto& o : in.options)
      out += "<option" + attr("value", o) + (o == value ? " selected" : "") + ">" + html_escape(o) + "</option>";
    out += "</select>";
  } else {
    out += "<input class=\"text\"" + attr("type", in.kind) + common + attr("maxlength", std::to_string(in.max_length)) +
           attr("value", value) + (in.kind == "email" ? " autocomplete=\"email\"" : "") + ">";
  }
  if (error) out += "<div class=\"error\"" + attr("id", id + "-error") + ">" + html_escape(*error) + "</div>";
  out += "</div>";
  return out;
}

}  // namespace

std::vector<FormInput> form_inputs(db::Connection& c, const std::string& workspace_id, const Form& f) {
  const records::ObjectSpec& spec = f.target == "lead" ? sales::lead_spec() : customers::contact_spec();
  const auto custom = records::load_custom_fields(c, workspace_id, f.object());
  std::vector<FormInput> out;
  for (const auto& field : f.fields) {
    FormInput in;
    in.name = field.field;
    in.label = field.label.empty() ? field.field : field.label;
    in.required = field.required;
    if (field.field.rfind("custom.", 0) == 0) {
      auto def = std::find_if(custom.begin(), custom.end(), [&](const records::CustomFieldDef& d) { return "custom." + d.name == field.field; });
      if (def == custom.end()) continue;
      in.kind = kind_of_custom(def->type);
      in.options = def->options;
      if (def->max_length) in.max_length = std::min<std::size_t>(in.max_length, static_cast<std::size_t>(*def->max_length));
    } else {
      const records::FieldSpec* spec_field = spec.field(field.field);
      if (!spec_field) continue;
      in.kind = kind_of(spec_field->type);
      in.options = spec_field->options;
      in.max_length = std::min(in.max_length, spec_field->max_length);
    }
    out.push_back(std::move(in));
  }
  return out;
}

http::Response form_page(const Form& f, const std::vector<FormInput>& inputs, const PageState& state, int status) {
  auto error_of = [&](const std::string& name) -> const std::string* {
    for (const auto& e : state.errors)
      if (e.field == name) return &e.message;
    return nullptr;
  };
  std::string body;
  // Errors about no input of the form (a value the record refused under another name) go above it.
  std::string general;
  for (const auto& e : state.errors)
    if (std::none_of(inputs.begin(), inputs.end(), [&](const FormInput& in) { return in.name == e.field; }))
      general += "<li>" + html_escape(e.field + ": " + e.message) + "</li>";
  if (!state.errors.empty())
    body += "<p class=\"error\" role=\"alert\">Please correct the fields marked below.</p>" +
            (general.empty() ? std::string() : "<ul class=\"error\">" + general + "</ul>");
  // With a redirect the whole page goes there, out of any frame it is embedded in.
  // Posted to the bare address: the page's own query (its UTM parameters) travels in hidden fields.
  body += "<form method=\"post\" accept-charset=\"utf-8\"" + attr("action", "/f/" + f.id) +
          std::string(f.redirect_url ? " target=\"_top\"" : "") + ">";
  for (const auto& in : inputs) {
    const std::string* v = state.values ? http::form_field(*state.values, in.name) : nullptr;
    body += input_html(in, v ? *v : "", error_of(in.name));
  }
  for (const auto& c : f.consents) {
    const std::string name = kConsentPrefix + c.channel;
    const bool checked = state.values && ticked(http::form_field(*state.values, name));
    body += "<label class=\"consent\"><input type=\"checkbox\"" + attr("name", name) + " value=\"on\"" + (checked ? " checked" : "") +
            "><span>" + html_escape(c.text) + "</span></label>";
  }
  for (const auto& key : visit_keys())
    if (const std::string* v = http::form_field(state.visit, key))
      body += "<input type=\"hidden\"" + attr("name", key) + attr("value", *v) + ">";
  // The honeypot: people never see it; a bot filling every field fills it.
  body += "<div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><label>Homepage <input" + attr("name", kHoneypotField) +
          " tabindex=\"-1\" autocomplete=\"off\"></label></div>";
  body += "<button type=\"submit\">Send</button></form>";
  return http::public_page(status, f.name, body, {.framable = true});
}

http::Response thanks_page(const Form& f) {
  return http::public_page(200, "Thank you", "<p>" + html_escape(f.success_message.value_or("We received your details. Thank you!")) + "</p>",
                           {.framable = true});
}

}  // namespace rapport::marketing
