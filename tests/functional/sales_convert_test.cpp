// Lead conversion: one transaction turns a lead into a contact, a company and optionally a deal;
// duplicates are linked instead of created, refusals change nothing, the lead's activities reach
// the contact's timeline, and a rep converts only their own leads.
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

class SalesConvert : public Sales {
 protected:
  static void SetUpTestSuite() {
    Sales::SetUpTestSuite();
    rep1_ = add_rep("convert-rep1");
    rep2_ = add_rep("convert-rep2");
  }
  static void TearDownTestSuite() {
    delete rep1_;
    delete rep2_;
    rep1_ = rep2_ = nullptr;
    Sales::TearDownTestSuite();
  }
  static Rep* add_rep(const std::string& prefix) {
    auto* rep = new Rep;
    std::string email = unique_name(prefix + "-");
    email += "@convert.test";
    std::string password = "password-of-";
    password += prefix;
    json::value body = json::object{{"email", email}, {"password", password}, {"role", "sales_rep"}};
    auto r = client_->call("POST", "/api/v1/users", token_, &body);
    EXPECT_EQ(r.status, 201) << r.body;
    rep->id = text(r.json(), "id");
    rep->client = std::make_unique<HttpClient>(server_->port());
    rep->token = login(*rep->client, email, password);
    return rep;
  }
  static HttpResponse as(Rep& rep, const std::string& method, const std::string& target, const json::value* body = nullptr) {
    return rep.client->call(method, target, rep.token, body);
  }

  // The workspace's live count of an object.
  int64_t count(const std::string& object) {
    auto r = get("/api/v1/" + object + "?count=true&limit=1");
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value j = r.json();
    return j.is_object() && j.as_object().contains("total") ? j.at("total").as_int64() : -1;
  }
  std::vector<int64_t> counts() { return {count("contacts"), count("companies"), count("deals"), count("leads")}; }

  HttpResponse convert(const std::string& lead, const json::object& body = {}) {
    json::value v = body;
    return post("/api/v1/leads/" + lead + "/convert", v);
  }

  // A lead with a unique email and domain.
  std::string make_lead(json::object extra = {}) {
    std::string x = random_suffix();
    json::object body{{"first_name", "Ada"},     {"last_name", "Lovelace"}, {"email", "ada." + x + "@engine.example"},
                      {"company_name", "Engine " + x}, {"domain", "engine-" + x + ".example"}, {"job_title", "CTO"},
                      {"source", "web form"}, {"city", "London"}, {"country", "GB"}, {"phone", "+442079460000"}};
    for (const auto& kv : extra) body[kv.key()] = kv.value();
    return create("leads", body);
  }

  static inline Rep* rep1_ = nullptr;
  static inline Rep* rep2_ = nullptr;
};

TEST_F(SalesConvert, CreatesContactCompanyAndDealAndTheLeadPointsAtThem) {
  auto p = make_pipeline(unique_name("Convert "));
  std::string lead = make_lead();
  const json::value stored = get("/api/v1/leads/" + lead).json();
  json::value note = json::object{{"type", "note"}, {"subject", "Met at the fair"}, {"lead_id", lead}};
  std::string activity = create("activities", note);
  auto before = counts();

  auto r = convert(lead, {{"deal", json::object{{"name", "Engines"}, {"pipeline_id", p.id}, {"amount", 120000}, {"currency", "EUR"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value out = r.json();
  EXPECT_EQ(out.at("created"), (json::value(json::object{{"contact", true}, {"company", true}, {"deal", true}})));
  const auto& contact = out.at("contact");
  const auto& company = out.at("company");
  const auto& deal = out.at("deal");
  const auto& converted = out.at("lead");
  // The lead is qualified and points at what it became.
  EXPECT_EQ(text(converted, "status"), "qualified");
  EXPECT_FALSE(text(converted, "converted_at").empty());
  EXPECT_EQ(text(converted, "converted_contact_id"), text(contact, "id"));
  EXPECT_EQ(text(converted, "converted_company_id"), text(company, "id"));
  EXPECT_EQ(text(converted, "converted_deal_id"), text(deal, "id"));
  EXPECT_EQ(converted.at("version").as_int64(), 2);
  EXPECT_EQ(get("/api/v1/leads/" + lead).json(), converted);
  // The contact carries the person, the company the organisation, the deal both.
  for (const char* k : {"first_name", "last_name", "email", "phone", "job_title", "city", "country"})
    EXPECT_EQ(contact.at(k), stored.at(k)) << k;
  EXPECT_EQ(text(contact, "lead_source"), "web form");
  EXPECT_EQ(text(contact, "lifecycle_stage"), "sales_qualified");
  EXPECT_EQ(text(contact, "company_id"), text(company, "id"));
  EXPECT_EQ(text(contact, "owner_id"), text(stored, "owner_id"));
  EXPECT_EQ(company.at("name"), stored.at("company_name"));
  EXPECT_EQ(company.at("domain"), stored.at("domain"));
  EXPECT_EQ(text(deal, "stage_id"), p.qualify) << "a deal starts in its pipeline's first open stage";
  EXPECT_EQ(text(deal, "company_id"), text(company, "id"));
  EXPECT_EQ(deal.at("amount").as_int64(), 120000);
  EXPECT_EQ(deal.at("contacts"), (json::value(json::array{json::object{{"contact_id", text(contact, "id")}, {"role", nullptr}}})));
  // One of each more, read back through the API.
  auto after = counts();
  EXPECT_EQ(after[0], before[0] + 1);
  EXPECT_EQ(after[1], before[1] + 1);
  EXPECT_EQ(after[2], before[2] + 1);
  EXPECT_EQ(after[3], before[3]);
  EXPECT_EQ(get("/api/v1/contacts/" + text(contact, "id")).status, 200);
  EXPECT_EQ(get("/api/v1/deals/" + text(deal, "id")).json(), deal);
  // The lead's activity is on the contact's timeline now, and still on the lead's.
  auto contact_timeline = data_of(get("/api/v1/contacts/" + text(contact, "id") + "/timeline"));
  ASSERT_EQ(contact_timeline.size(), 1u);
  EXPECT_EQ(text(contact_timeline[0], "id"), activity);
  EXPECT_EQ(data_of(get("/api/v1/leads/" + lead + "/timeline")).size(), 1u);
  const json::value a = get("/api/v1/activities/" + activity).json();
  EXPECT_EQ(a.at("contact_ids"), (json::value(json::array{json::value(text(contact, "id"))})));
  EXPECT_EQ(a.at("lead_ids"), (json::value(json::array{json::value(lead)})));
  EXPECT_EQ(a.at("version").as_int64(), 2) << "gaining a link is a change of the activity";
  // Audited and announced.
  auto history = data_of(get("/api/v1/leads/" + lead + "/history"));
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(text(history[0], "action"), "convert");
  auto events = query_database(server().data_dir(), "SELECT payload FROM outbox WHERE event_type = 'lead.converted' AND object_id = ?", {lead});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(json::parse(events[0][0]), (json::value(json::object{{"lead_id", lead},
                                                                 {"contact_id", text(contact, "id")},
                                                                 {"company_id", text(company, "id")},
                                                                 {"deal_id", text(deal, "id")}})));
  for (const char* type : {"contact.created", "company.created", "deal.created"}) {
    auto created = query_database(server().data_dir(), "SELECT count(*) FROM outbox WHERE event_type = ? AND object_id = ?",
                                  {type, text(out.at(std::string(type).substr(0, std::string(type).find('.'))), "id")});
    EXPECT_EQ(created[0][0], "1") << type;
  }
}

TEST_F(SalesConvert, ConvertingTwiceIsRefusedAndChangesNothing) {
  std::string lead = make_lead();
  ASSERT_EQ(convert(lead).status, 200);
  const json::value first = get("/api/v1/leads/" + lead).json();
  auto before = counts();
  auto again = convert(lead);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.header("content-type"), "application/problem+json");
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(get("/api/v1/leads/" + lead).json(), first);
  // The converted_* fields stay the server's.
  json::value forged = json::object{{"converted_deal_id", lead}};
  EXPECT_EQ(patch("/api/v1/leads/" + lead, forged).status, 422);
}

TEST_F(SalesConvert, AnUnqualifiedLeadIsRefused) {
  std::string lead = make_lead({{"status", "unqualified"}, {"status_reason", "No budget"}});
  auto before = counts();
  auto r = convert(lead);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(get("/api/v1/leads/" + lead).json().at("version").as_int64(), 1);
}

TEST_F(SalesConvert, AContactWithTheLeadsEmailIsLinkedNotDuplicated) {
  std::string x = random_suffix();
  std::string email = "grace." + x + "@navy.example";
  std::string upper = "Grace." + x + "@NAVY.example";
  std::string existing = create("contacts", json::object{{"last_name", "Hopper"}, {"email", upper}});
  std::string lead = make_lead({{"email", email}, {"last_name", "Hopper"}});
  auto contacts_before = count("contacts");
  auto r = convert(lead);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value out = r.json();
  EXPECT_FALSE(out.at("created").at("contact").as_bool());
  EXPECT_TRUE(out.at("created").at("company").as_bool());
  EXPECT_EQ(text(out.at("contact"), "id"), existing);
  EXPECT_EQ(text(out.at("lead"), "converted_contact_id"), existing);
  EXPECT_EQ(count("contacts"), contacts_before);
  // The existing contact had no company: it joins the lead's.
  EXPECT_EQ(text(get("/api/v1/contacts/" + existing).json(), "company_id"), text(out.at("company"), "id"));
}

TEST_F(SalesConvert, ACompanyWithTheLeadsDomainIsLinked) {
  std::string domain = unique_name("known-");
  domain += ".example";
  std::string company = create("companies", json::object{{"name", "Known Ltd"}, {"domain", domain}});
  std::string lead = make_lead({{"domain", domain}, {"company_name", "Known Limited"}});
  auto companies_before = count("companies");
  auto r = convert(lead);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value out = r.json();
  EXPECT_FALSE(out.at("created").at("company").as_bool());
  EXPECT_EQ(text(out.at("company"), "id"), company);
  EXPECT_EQ(text(out.at("contact"), "company_id"), company);
  EXPECT_EQ(count("companies"), companies_before);
  // company_id and contact_id name existing records to use instead.
  std::string other = create("companies", json::object{{"name", "Chosen"}});
  std::string person = create("contacts", json::object{{"last_name", "Chosen"}});
  auto chosen = convert(make_lead(), {{"company_id", other}, {"contact_id", person}});
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(text(chosen.json().at("company"), "id"), other);
  EXPECT_EQ(text(chosen.json().at("contact"), "id"), person);
  EXPECT_EQ(chosen.json().at("created"), (json::value(json::object{{"contact", false}, {"company", false}, {"deal", false}})));
  // A lead without a company name or a known domain becomes a contact alone.
  auto alone = convert(create("leads", json::object{{"last_name", "Solo"}}));
  ASSERT_EQ(alone.status, 200) << alone.body;
  EXPECT_TRUE(alone.json().at("company").is_null());
  EXPECT_TRUE(alone.json().at("deal").is_null());
}

TEST_F(SalesConvert, ARefusedDealUndoesTheWholeConversion) {
  auto p = make_pipeline(unique_name("Undo "));
  auto other = make_pipeline(unique_name("Undo other "));
  std::string lead = make_lead();
  json::value note = json::object{{"type", "note"}, {"subject", "Undone"}, {"lead_ids", json::array{json::value(lead)}}};
  std::string activity = create("activities", note);
  auto before = counts();
  auto r = convert(lead, {{"deal", json::object{{"name", "Wrong stage"}, {"pipeline_id", p.id}, {"stage_id", other.qualify}}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), Names{"deal.stage_id"});
  EXPECT_EQ(counts(), before) << "no contact, company or deal is left behind";
  const json::value l = get("/api/v1/leads/" + lead).json();
  EXPECT_TRUE(l.at("converted_at").is_null());
  EXPECT_EQ(text(l, "status"), "new");
  EXPECT_EQ(l.at("version").as_int64(), 1);
  EXPECT_EQ(get("/api/v1/activities/" + activity).json().at("contact_ids").as_array().size(), 0u);
  auto created = query_database(server().data_dir(), "SELECT count(*) FROM outbox WHERE event_type = 'lead.converted' AND object_id = ?", {lead});
  EXPECT_EQ(created[0][0], "0");
  // A deal without its name, an unknown company, unknown options: 422, nothing changed either.
  auto nameless = convert(lead, {{"deal", json::object{{"pipeline_id", p.id}}}});
  EXPECT_EQ(error_fields(nameless), Names{"deal.name"});
  auto unknown = convert(lead, {{"company_id", "01890a5d-ac96-774b-b9aa-000000000000"}});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(error_fields(unknown), Names{"company_id"});
  auto odd = convert(lead, {{"owner", "me"}, {"deal", json::object{{"name", "X"}, {"pipeline_id", p.id}, {"probability", 5}}}});
  EXPECT_EQ(odd.status, 422) << odd.body;
  EXPECT_EQ(error_fields(odd), (Names{"owner", "deal.probability"}));
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(get("/api/v1/leads/" + lead).json().at("version").as_int64(), 1);
  // Fixed, it goes through.
  auto fixed = convert(lead, {{"deal", json::object{{"name", "Right stage"}, {"pipeline_id", p.id}, {"stage_id", p.propose}}}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(text(fixed.json().at("deal"), "stage_id"), p.propose);
}

TEST_F(SalesConvert, ARepConvertsTheirOwnLeadsOnly) {
  auto p = make_pipeline(unique_name("Reps "));
  std::string x = random_suffix();
  json::value own_body = json::object{{"last_name", "Own" + x}, {"email", "own." + x + "@rep.example"}, {"company_name", "Own Co " + x}};
  auto own = as(*rep1_, "POST", "/api/v1/leads", &own_body);
  ASSERT_EQ(own.status, 201) << own.body;
  json::value colleague_body = json::object{{"last_name", "Theirs" + x}};
  auto theirs = as(*rep2_, "POST", "/api/v1/leads", &colleague_body);
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  auto before = counts();
  json::value empty = json::object{};
  auto refused = as(*rep1_, "POST", "/api/v1/leads/" + text(theirs.json(), "id") + "/convert", &empty);
  EXPECT_EQ(refused.status, 404) << refused.body;
  EXPECT_EQ(counts(), before);
  json::value with_deal = json::object{{"deal", json::object{{"name", "Rep deal " + x}, {"pipeline_id", p.id}}}};
  auto r = as(*rep1_, "POST", "/api/v1/leads/" + text(own.json(), "id") + "/convert", &with_deal);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value out = r.json();
  for (const char* k : {"contact", "company", "deal"}) EXPECT_EQ(text(out.at(k), "owner_id"), rep1_->id) << k;
  EXPECT_EQ(as(*rep1_, "GET", "/api/v1/contacts/" + text(out.at("contact"), "id")).status, 200);
  EXPECT_EQ(as(*rep2_, "GET", "/api/v1/contacts/" + text(out.at("contact"), "id")).status, 404);
  // A rep cannot link a colleague's contact either: to them it does not exist.
  json::value colleague_contact = json::object{{"last_name", "Hidden" + x}};
  auto hidden = as(*rep2_, "POST", "/api/v1/contacts", &colleague_contact);
  ASSERT_EQ(hidden.status, 201);
  json::value again_body = json::object{{"last_name", "Second" + x}};
  auto second = as(*rep1_, "POST", "/api/v1/leads", &again_body);
  json::value link = json::object{{"contact_id", text(hidden.json(), "id")}};
  auto linked = as(*rep1_, "POST", "/api/v1/leads/" + text(second.json(), "id") + "/convert", &link);
  EXPECT_EQ(linked.status, 422) << linked.body;
  EXPECT_EQ(error_fields(linked), Names{"contact_id"});
}

}  // namespace
}  // namespace rapport::testing
