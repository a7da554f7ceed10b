// Marketing audiences (modules/marketing): segments, their filter and preview, static lists and
// their members.
#include "app/openapi_schema.hpp"
#include "modules/marketing/audience_input.hpp"
#include "modules/marketing/form.hpp"
#include "modules/marketing/form_submission.hpp"
#include "modules/marketing/segment.hpp"
#include "modules/marketing/segment_filter.hpp"
#include "modules/marketing/static_list.hpp"
#include "modules/privacy/consents.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

json::object segment_filter() {
  using namespace marketing;
  json::object group{{"$ref", "#/components/schemas/SegmentFilter"}};
  json::object open_deal{
      {"oneOf", json::array{boolean(), closed(obj({{"pipeline_id", json::object{{"type", "string"}, {"format", "uuid"}}},
                                                   {"stage_id", json::object{{"type", "string"}, {"format", "uuid"}}}}))}},
      {"description", "A live deal the contact is a contact of that is not won or lost (optionally in that pipeline or stage); "
                      "false: none. Only whether one exists: no amount is read"}};
  json::array states = text_values(privacy::consent_statuses());
  states.push_back("none");
  json::object consent = closed(obj({{"channel", json::object{{"type", "string"}, {"enum", text_values(privacy::consent_channels())}}},
                                     {"state", json::object{{"type", "string"}, {"enum", states},
                                                            {"description", "The channel's newest consent; none: none recorded"}}}},
                                    {"channel", "state"}));
  json::object s = obj({{"any", described(array_of(group), "Groups of which at least one holds")},
                        {"all", described(array_of(group), "Groups that all hold")},
                        {"not", described(group, "A group that does not hold (a condition on an empty field does not hold either)")},
                        {"has_open_deal", open_deal},
                        {"activity_within_days", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 3650},
                                                              {"description", "A live activity linked to the contact occurred in the "
                                                                              "last N days"}}},
                        {"consent", consent}});
  s["additionalProperties"] = json::object{
      {"type", "object"},
      {"minProperties", 1},
      {"description", "Any other key is a field: a contact field, custom.<name>, company.<field> or company.custom.<name>, "
                      "with operators of the contacts (or companies) list and their values: {\"eq\": \"DE\"}, {\"gte\": 50}, "
                      "{\"in\": [\"DE\", \"AT\"]}, {\"is_null\": true}"},
      {"additionalProperties", json::object{{"type", json::array{"string", "number", "boolean", "array"}}}}};
  s["description"] = "Conditions that all hold, over contacts. At most " + std::to_string(kMaxConditions) +
                     " conditions (operators and related facts) in all, groups nested at most " + std::to_string(kMaxDepth) +
                     " deep, " + std::to_string(kMaxFilterBytes) + " bytes as JSON. {} holds every contact.";
  return s;
}

json::object bounded_text(std::size_t max) {
  return json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(max)}};
}

// Lead capture forms, their submissions and the public post.
void add_form_schemas(json::object& schemas) {
  using namespace marketing;
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object date_time{{"type", "string"}, {"format", "date-time"}};
  json::object target{{"type", "string"}, {"enum", json::array{"lead", "contact"}}, {"description", "What a submission makes or updates"}};
  json::object field_input = closed(obj({{"field", described(bounded_text(80), "A field of the target (email, first_name, ...) or custom.<name>")},
                                         {"label", described(bounded_text(kMaxLabelChars), "Shown beside the input; default the field's name")},
                                         {"required", boolean()}},
                                        {"field"}));
  json::object fields_input = array_of(field_input);
  fields_input["minItems"] = 1;
  fields_input["maxItems"] = static_cast<int64_t>(kMaxFormFields);
  fields_input["description"] = "The inputs, in order; email must be one of them, required (a submission is matched by it)";
  json::object channel{{"type", "string"}, {"enum", text_values(privacy::consent_channels())}};
  json::object consent_input = closed(obj({{"channel", channel}, {"text", described(bounded_text(kMaxConsentChars), "The checkbox's text")}},
                                          {"channel", "text"}));
  json::object consents_input = array_of(consent_input);
  consents_input["maxItems"] = static_cast<int64_t>(privacy::consent_channels().size());
  consents_input["description"] = "A checkbox a channel; unticked by default";
  json::object consent = obj({{"channel", channel}, {"text", str()},
                              {"version", described(json::object{{"type", "integer"}, {"minimum", 1}},
                                                    "The form's version when this text was set")}},
                             {"channel", "text", "version"});
  json::object message{{"type", json::array{"string", "null"}}, {"maxLength", static_cast<int64_t>(kMaxMessageChars)},
                       {"description", "Shown after a submission"}};
  json::object redirect{{"type", json::array{"string", "null"}}, {"maxLength", 2048},
                        {"description", "An absolute http or https URL a browser is sent to after a submission (303)"}};
  json::object list{{"type", json::array{"string", "null"}}, {"format", "uuid"},
                    {"description", "A static list new and updated contacts join (contact forms only)"}};
  json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxNameChars)},
                    {"description", "Unique in the workspace, case-insensitively"}};
  json::object counter{{"type", "integer"}, {"minimum", 0}};
  schemas["Form"] = obj({{"id", described(uuid, "Also its public address: /f/{id}")},
                         {"name", name},
                         {"target", target},
                         {"fields", array_of(obj({{"field", str()}, {"label", str()}, {"required", boolean()}}, {"field", "label", "required"}))},
                         {"consents", array_of(consent)},
                         {"success_message", message},
                         {"redirect_url", redirect},
                         {"list_id", list},
                         {"enabled", described(boolean(), "false: its address answers 404")},
                         {"submissions", described(counter, "Submissions stored")},
                         {"spam_caught", described(counter, "Submissions the honeypot dropped")},
                         {"created_by", json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"}}},
                         {"version", json::object{{"type", "integer"}, {"minimum", 1}}},
                         {"created_at", date_time},
                         {"updated_at", date_time}},
                        {"id", "name", "target", "fields", "consents", "success_message", "redirect_url", "list_id", "enabled",
                         "submissions", "spam_caught", "created_by", "version", "created_at", "updated_at"});
  schemas["FormList"] = obj({{"data", array_of(ref("Form"))}}, {"data"});
  json::object props{{"name", name}, {"target", target}, {"fields", fields_input}, {"consents", consents_input},
                     {"success_message", message}, {"redirect_url", redirect}, {"list_id", list}, {"enabled", boolean()}};
  schemas["FormInput"] = closed(obj(props, {"name", "fields"}));
  schemas["FormPatch"] = closed(obj(props));
  json::object opt_text{{"type", json::array{"string", "null"}}};
  json::object utm;
  for (std::size_t i = 0; i + 1 < visit_keys().size(); ++i) utm[visit_keys()[i].substr(4)] = opt_text;
  json::array utm_required;
  for (const auto& [k, v] : utm) utm_required.push_back(json::value(k));
  schemas["FormSubmission"] = obj({{"id", uuid},
                                   {"form_id", uuid},
                                   {"object_type", json::object{{"type", "string"}, {"enum", json::array{"leads", "contacts"}}}},
                                   {"record_id", uuid},
                                   {"created", described(boolean(), "true: the submission made the record; false: it updated one with that email")},
                                   {"consents", described(array_of(consent), "The consents ticked, with the text the visitor saw")},
                                   {"utm", obj(utm, utm_required)},
                                   {"referrer", opt_text},
                                   {"submitted_at", date_time}},
                                  {"id", "form_id", "object_type", "record_id", "created", "consents", "utm", "referrer", "submitted_at"});
  schemas["FormSubmissionPage"] = page_of("FormSubmission");
  json::object post = obj({{"email", described(str(), "And every other field of the form by its key (first_name, custom.<name>)")},
                           {"homepage", described(str(), "The honeypot: left empty by people")}});
  post["additionalProperties"] = json::object{{"type", json::array{"string", "boolean", "number"}},
                                              {"description", "A field of the form, consent.<channel> (true or \"on\": ticked), "
                                                              "utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer"}};
  schemas["FormPost"] = post;
  schemas["FormReceipt"] = obj({{"received", boolean()}, {"message", opt_text}, {"redirect_url", opt_text}},
                               {"received", "message", "redirect_url"});
}

}  // namespace

void add_marketing_schemas(json::object& schemas) {
  using namespace marketing;
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object date_time{{"type", "string"}, {"format", "date-time"}};
  json::object version{{"type", "integer"}, {"minimum", 1}};
  json::object creator{{"type", json::array{"string", "null"}}, {"format", "uuid"}, {"description", "The user who created it"}};
  json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxNameChars)},
                    {"description", "Unique in the workspace, case-insensitively"}};
  json::object object{{"type", "string"}, {"enum", json::array{"contacts"}}, {"description", "What the segment holds"}};
  json::object filter{{"$ref", "#/components/schemas/SegmentFilter"}};

  schemas["SegmentFilter"] = segment_filter();
  schemas["Segment"] = obj({{"id", uuid}, {"name", name}, {"object", object}, {"filter", filter}, {"created_by", creator},
                            {"version", version}, {"created_at", date_time}, {"updated_at", date_time}},
                           {"id", "name", "object", "filter", "created_by", "version", "created_at", "updated_at"});
  schemas["SegmentList"] = obj({{"data", array_of(ref("Segment"))}}, {"data"});
  schemas["SegmentInput"] = closed(obj({{"name", name}, {"object", described(object, "Default contacts")},
                                        {"filter", described(filter, "Default {} (every contact)")}},
                                       {"name"}));
  schemas["SegmentPatch"] = closed(obj({{"name", name}, {"filter", filter}}));
  schemas["SegmentPreviewInput"] = closed(obj({{"filter", filter},
                                               {"limit", json::object{{"type", "integer"}, {"minimum", 1},
                                                                      {"maximum", kMaxPreviewLimit}, {"default", 20},
                                                                      {"description", "Contacts on the first page"}}}},
                                              {"filter"}));

  json::object description{{"type", json::array{"string", "null"}}, {"maxLength", static_cast<int64_t>(kMaxDescriptionChars)}};
  schemas["StaticList"] = obj({{"id", uuid}, {"name", name}, {"description", description}, {"created_by", creator},
                               {"version", version}, {"created_at", date_time}, {"updated_at", date_time}},
                              {"id", "name", "description", "created_by", "version", "created_at", "updated_at"});
  schemas["StaticListList"] = obj({{"data", array_of(ref("StaticList"))}}, {"data"});
  schemas["StaticListInput"] = closed(obj({{"name", name}, {"description", description}}, {"name"}));
  schemas["StaticListPatch"] = closed(obj({{"name", name}, {"description", description}}));
  json::object ids = array_of(uuid);
  ids["minItems"] = 1;
  ids["maxItems"] = static_cast<int64_t>(kMaxBatch);
  schemas["ListMembersInput"] = closed(obj({{"contact_ids", described(ids, "Contacts' ids; a repeated id counts once")}}, {"contact_ids"}));
  json::object count{{"type", "integer"}, {"minimum", 0}};
  schemas["ListMembersAdded"] = obj({{"added", count}, {"already_members", count}}, {"added", "already_members"});
  schemas["ListMembersRemoved"] = obj({{"removed", count}, {"not_members", count}}, {"removed", "not_members"});
  add_form_schemas(schemas);
}

}  // namespace rapport::app
