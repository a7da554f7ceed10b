// The filters the web UI needs from the API (issue 12): the pipeline report and the forecast by owner,
// the funnel by pipeline and owner, and the deal list by linked contact. Each narrows to what SQL over
// the deals says, never widens the caller's scope (a rep who names another owner gets nothing), and
// refuses bad values with a problem document; the contact filter is served by an index.
#include <set>
#include <tuple>

#include "records_helpers.hpp"
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

using Set = std::set<std::string>;

class ReportFilters : public Sales {
 protected:
  static void SetUpTestSuite() {
    Sales::SetUpTestSuite();
    using User = std::tuple<std::string*, std::string*, HttpClient**>;
    for (auto [id, token, http] : {User{&rep_id_, &rep_token_, &rep_client_}, User{&other_id_, &other_token_, &other_client_}}) {
      const std::string email = unique_name("rep-") + "@filters.test";
      json::value body = json::object{{"email", email}, {"password", "rep-password-1234"}, {"role", "sales_rep"}};
      auto r = client_->call("POST", "/api/v1/users", token_, &body);
      EXPECT_EQ(r.status, 201) << r.body;
      *id = text(r.json(), "id");
      *http = new HttpClient(server_->port());
      *token = login(**http, email, "rep-password-1234");
    }
    admin_id_ = text(client_->call("GET", "/api/v1/auth/me", token_).json(), "user_id");
  }
  static void TearDownTestSuite() {
    delete rep_client_;
    delete other_client_;
    rep_client_ = other_client_ = nullptr;
    Sales::TearDownTestSuite();
  }
  HttpResponse as_rep(const std::string& target) { return rep_client_->call("GET", target, rep_token_); }

  // Open deals of every owner in two pipelines, plus won and lost ones, this month.
  struct Seeded {
    TestPipeline p, q;
  };
  Seeded seed() {
    Seeded s{make_pipeline(unique_name("Filters ")), make_pipeline(unique_name("Other "))};
    const std::string close = this_month() + "-20";
    for (const auto& [pipeline, stage, amount, owner] : std::vector<std::tuple<const TestPipeline*, std::string, int, std::string>>{
             {&s.p, s.p.qualify, 100, rep_id_},   {&s.p, s.p.qualify, 250, rep_id_},   {&s.p, s.p.propose, 1000, rep_id_},
             {&s.p, s.p.qualify, 70, other_id_},  {&s.p, s.p.propose, 333, other_id_}, {&s.p, s.p.propose, 5000, admin_id_},
             {&s.p, s.p.won, 900, rep_id_},       {&s.p, s.p.won, 120, other_id_},     {&s.p, s.p.lost, 40, rep_id_},
             {&s.q, s.q.qualify, 777, rep_id_},   {&s.q, s.q.won, 600, rep_id_},       {&s.q, s.q.propose, 60, other_id_}}) {
      json::object body{{"stage_id", stage}, {"amount", amount}, {"currency", "EUR"}, {"owner_id", owner}, {"expected_close_date", close}};
      if (stage == pipeline->lost) body["lost_reason"] = "Budget";
      make_deal(*pipeline, unique_name("Deal "), body);
    }
    return s;
  }

  static inline std::string rep_id_, rep_token_, other_id_, other_token_, admin_id_;
  static inline HttpClient* rep_client_ = nullptr;
  static inline HttpClient* other_client_ = nullptr;
};

// The open deals of a pipeline by owner, as SQL counts them: count and EUR amount.
std::string open_sql(const std::string& owners_in) {
  return "SELECT CAST(count(*) AS TEXT), CAST(coalesce(sum(d.amount), 0) AS TEXT) FROM deals d JOIN pipeline_stages s ON "
         "s.id = d.stage_id WHERE d.pipeline_id = ? AND d.deleted_at IS NULL AND s.type = 'open' AND d.owner_id IN (" + owners_in + ")";
}

std::string totals_of(const HttpResponse& r) {
  const json::value j = r.json();
  const auto& totals = j.at("totals");
  std::string amount = "0";
  for (const auto& a : totals.at("amounts").as_array())
    if (a.at("currency") == "EUR") amount = std::to_string(a.at("amount").to_number<int64_t>());
  return std::to_string(totals.at("count").to_number<int64_t>()) + " " + amount;
}

TEST_F(ReportFilters, PipelineReportByOwner) {
  auto s = seed();
  const std::string base = "/api/v1/reports/pipeline?pipeline_id=" + s.p.id;
  auto rep = get(base + "&owner_id=" + rep_id_);
  ASSERT_EQ(rep.status, 200) << rep.body;
  auto want = sql(open_sql("?"), {s.p.id, rep_id_})[0];
  EXPECT_EQ(totals_of(rep), want[0] + " " + want[1]);
  EXPECT_EQ(want[0], "3");
  // Per stage too: the rep's two Qualify deals and one Propose deal.
  const json::value stages = rep.json().at("stages");
  EXPECT_EQ(stages.as_array()[0].at("count"), 2);
  EXPECT_EQ(stages.as_array()[1].at("count"), 1);

  // Several owners, separated by commas (upper-case ids too).
  std::string upper_other = other_id_;
  for (auto& ch : upper_other) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto two = get(base + "&owner_id=" + rep_id_ + "," + upper_other);
  ASSERT_EQ(two.status, 200) << two.body;
  want = sql(open_sql("?, ?"), {s.p.id, rep_id_, other_id_})[0];
  EXPECT_EQ(totals_of(two), want[0] + " " + want[1]);
  EXPECT_EQ(want[0], "5");
  // Without owner_id: everyone's, the admin's 5000 included.
  EXPECT_EQ(totals_of(get(base)), "6 6753");
  // An unknown user: an empty report, not an error.
  EXPECT_EQ(totals_of(get(base + "&owner_id=0190a000-0000-7000-8000-00000000abcd")), "0 0");

  // A rep reads only their own deals: naming them is the same as not naming anyone, naming someone
  // else gives nothing (not that person's deals).
  auto own = as_rep(base + "&owner_id=" + rep_id_);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(totals_of(own), totals_of(rep));
  EXPECT_EQ(totals_of(as_rep(base)), totals_of(rep));
  auto other = as_rep(base + "&owner_id=" + other_id_);
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(totals_of(other), "0 0");
  const json::value other_report = other.json();
  for (const auto& st : other_report.at("stages").as_array()) EXPECT_EQ(st.at("count"), 0);
  EXPECT_EQ(totals_of(as_rep(base + "&owner_id=" + rep_id_ + "," + other_id_)), totals_of(rep));

  // Bad values are problems; an owner list is at most 100 ids.
  std::string many;
  for (int i = 0; i < 101; ++i) many += (i ? "," : "") + rep_id_;
  for (const std::string& bad : {std::string("someone"), rep_id_ + ",", "," + rep_id_, rep_id_ + ",x", many}) {
    auto r = get(base + "&owner_id=" + bad);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(get("/api/v1/reports/pipeline?pipeline_id=0190a000-0000-7000-8000-00000000abcd&owner_id=" + rep_id_).status, 404);
}

TEST_F(ReportFilters, ForecastBySeveralOwners) {
  auto s = seed();
  const std::string month = this_month();
  const std::string base = "/api/v1/reports/forecast?pipeline_id=" + s.p.id + "&from=" + month + "&to=" + month;
  auto r = get(base + "&owner_id=" + rep_id_ + "," + other_id_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value j = r.json();
  const auto& m = j.at("months").as_array()[0];
  EXPECT_EQ(m.at("open_count"), 5);
  Set owners;
  for (const auto& o : m.at("owners").as_array()) owners.insert(text(o, "owner_id"));
  EXPECT_EQ(owners, (Set{rep_id_, other_id_}));
  EXPECT_EQ(std::to_string(m.at("open").as_array()[0].at("amount").to_number<int64_t>()),
            sql(open_sql("?, ?"), {s.p.id, rep_id_, other_id_})[0][1]);
  EXPECT_EQ(m.at("won_count"), 2) << "won deals of both owners";
  // The rep naming the other rep: nothing of theirs.
  auto rep = as_rep(base + "&owner_id=" + other_id_);
  ASSERT_EQ(rep.status, 200) << rep.body;
  EXPECT_EQ(rep.json().at("months").as_array()[0].at("open_count"), 0);
  EXPECT_EQ(rep.json().at("months").as_array()[0].at("won_count"), 0);
  EXPECT_EQ(get(base + "&owner_id=nobody").status, 400);
}

TEST_F(ReportFilters, FunnelByPipelineAndOwner) {
  auto s = seed();
  const std::string month = this_month();
  const std::string window = "/api/v1/reports/funnel?from=" + month + "&to=" + month;
  auto steps = [](const HttpResponse& r) {
    std::vector<std::string> out;
    const json::value report = r.json();
    for (const auto& st : report.at("funnel").as_array()) out.push_back(text(st, "step") + "=" + std::to_string(st.at("count").to_number<int64_t>()));
    return out;
  };
  // One pipeline: the deal steps of its deals only (a lead belongs to no pipeline).
  auto p = get(window + "&pipeline_id=" + s.p.id);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(steps(p), (std::vector<std::string>{"deals_created=9", "deals_won=2"}));
  EXPECT_EQ(p.json().at("deals_lost"), 1);
  EXPECT_EQ(text(p.json(), "pipeline_id"), s.p.id);
  EXPECT_TRUE(p.json().at("owner_id").is_null());
  // stage_times: the pipeline's stages only.
  Set stage_pipelines;
  const json::value p_report = p.json();
  for (const auto& st : p_report.at("stage_times").as_array()) stage_pipelines.insert(text(st, "pipeline_id"));
  EXPECT_EQ(stage_pipelines, (Set{s.p.id}));
  // The pipeline and one owner.
  auto rep = get(window + "&pipeline_id=" + s.p.id + "&owner_id=" + rep_id_);
  ASSERT_EQ(rep.status, 200) << rep.body;
  EXPECT_EQ(steps(rep), (std::vector<std::string>{"deals_created=5", "deals_won=1"}));
  EXPECT_EQ(rep.json().at("deals_lost"), 1);
  EXPECT_EQ(rep.json().at("win_rate").as_double(), 0.5);
  EXPECT_EQ(text(rep.json(), "owner_id"), rep_id_);
  // One owner in every pipeline: the lead steps count the owner's leads.
  json::value lead = json::object{{"last_name", unique_name("Lead ")}, {"owner_id", other_id_}};
  ASSERT_EQ(post("/api/v1/leads", lead).status, 201);
  auto other = get(window + "&owner_id=" + other_id_);
  ASSERT_EQ(other.status, 200) << other.body;
  const std::string ws = sql("SELECT workspace_id FROM pipelines WHERE id = ?", {s.p.id})[0][0];
  const std::string lo = month + "-01";
  const std::string leads = sql("SELECT count(*) FROM leads WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? AND owner_id = ?",
                                {ws, lo, other_id_})[0][0];
  const std::string deals = sql("SELECT count(*) FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? AND owner_id = ?",
                                {ws, lo, other_id_})[0][0];
  EXPECT_EQ(steps(other)[0], "leads_created=" + leads);
  EXPECT_EQ(steps(other)[2], "deals_created=" + deals);
  EXPECT_GE(std::stoi(leads), 1);
  // A rep naming the other rep gets zeros; their own pipeline funnel equals the admin's view of them.
  auto rep_other = as_rep(window + "&pipeline_id=" + s.p.id + "&owner_id=" + other_id_);
  ASSERT_EQ(rep_other.status, 200) << rep_other.body;
  EXPECT_EQ(steps(rep_other), (std::vector<std::string>{"deals_created=0", "deals_won=0"}));
  EXPECT_EQ(steps(as_rep(window + "&pipeline_id=" + s.p.id)), steps(rep));
  // Bad values.
  EXPECT_EQ(get(window + "&pipeline_id=0190a000-0000-7000-8000-00000000abcd").status, 404);
  EXPECT_EQ(get(window + "&pipeline_id=nope").status, 404);
  EXPECT_EQ(get(window + "&owner_id=nope").status, 400);
  auto archived = make_pipeline(unique_name("Archived "));
  ASSERT_EQ(del("/api/v1/pipelines/" + archived.id).status, 204);
  EXPECT_EQ(get(window + "&pipeline_id=" + archived.id).status, 404) << "an archived pipeline, as the forecast says";
}

TEST_F(ReportFilters, DealsByLinkedContact) {
  auto p = make_pipeline(unique_name("Contacts "));
  const std::string ann = create("contacts", json::object{{"first_name", "Ann"}});
  const std::string bob = create("contacts", json::object{{"first_name", "Bob"}});
  const std::string cy = create("contacts", json::object{{"first_name", "Cy"}});
  auto link = [](std::initializer_list<std::pair<std::string, const char*>> contacts) {
    json::array out;
    for (const auto& [id, role] : contacts) out.push_back(json::object{{"contact_id", id}, {"role", role ? json::value(role) : json::value(nullptr)}});
    return out;
  };
  const std::string d1 = make_deal(p, "D1", {{"contacts", link({{ann, "champion"}})}});
  const std::string d2 = make_deal(p, "D2", {{"contacts", link({{ann, nullptr}, {bob, "decision_maker"}})}, {"owner_id", rep_id_}});
  const std::string d3 = make_deal(p, "D3", {{"contacts", link({{bob, "user"}})}, {"owner_id", rep_id_}});
  const std::string d4 = make_deal(p, "D4", {});
  const std::string d5 = make_deal(p, "D5", {{"contacts", link({{ann, "other"}})}});
  auto ids = [&](HttpClient& c, const std::string& token, const std::string& query) {
    auto r = c.call("GET", "/api/v1/deals?limit=500&" + query, token);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return id_set(ids_of(page_data(r.json())));
  };
  auto admin = [&](const std::string& query) { return ids(http(), token(), query); };
  EXPECT_EQ(admin("filter[contact_id][eq]=" + ann), (Set{d1, d2, d5}));
  EXPECT_EQ(admin("filter[contact_id]=" + bob), (Set{d2, d3}));
  EXPECT_EQ(admin("filter[contact_id][in]=" + ann + "," + bob), (Set{d1, d2, d3, d5})) << "each deal once";
  EXPECT_EQ(admin("filter[contact_id][eq]=" + cy), Set{});
  EXPECT_EQ(admin("filter[contact_id][eq]=" + ann + "&filter[owner_id][eq]=" + rep_id_), (Set{d2}));
  auto counted = get("/api/v1/deals?count=true&filter[contact_id][eq]=" + ann);
  ASSERT_EQ(counted.status, 200);
  EXPECT_EQ(counted.json().at("total"), 3);
  // Paging: two pages of the same filter give the three deals once each.
  auto first = get("/api/v1/deals?limit=2&filter[contact_id][eq]=" + ann);
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = get("/api/v1/deals?limit=2&filter[contact_id][eq]=" + ann + "&cursor=" + pct(next_cursor(first.json())));
  Set paged = id_set(ids_of(page_data(first.json())));
  for (const auto& id : ids_of(page_data(second.json()))) EXPECT_TRUE(paged.insert(id).second) << id;
  EXPECT_EQ(paged, (Set{d1, d2, d5}));
  // The links follow the deal: unlinked, deleted.
  json::value unlink = json::object{{"contacts", json::array{}}};
  ASSERT_EQ(patch("/api/v1/deals/" + d5, unlink).status, 200);
  ASSERT_EQ(del("/api/v1/deals/" + d1).status, 204);
  EXPECT_EQ(admin("filter[contact_id][eq]=" + ann), (Set{d2}));
  (void)d4;
  // A rep sees the linked deals they own, nothing more; the other rep none.
  EXPECT_EQ(ids(*rep_client_, rep_token_, "filter[contact_id][in]=" + ann + "," + bob), (Set{d2, d3}));
  EXPECT_EQ(ids(*other_client_, other_token_, "filter[contact_id][eq]=" + bob), Set{});
  // Bad values are 400 problems.
  for (const std::string& bad : std::vector<std::string>{"filter[contact_id][eq]=ann", "filter[contact_id][in]=" + ann + ",x", "filter[contact_id][ne]=" + ann,
                                 "filter[contact_id][is_null]=true", "sort=contact_id"}) {
    auto r = get("/api/v1/deals?" + bad);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << bad;
  }
  // The document lists the filter with its operators.
  const json::value doc = get("/api/v1/openapi.json").json();
  for (const auto& param : doc.at("paths").at("/api/v1/deals").at("get").at("parameters").as_array()) {
    if (param.at("name") != "filter") continue;
    const auto& field = param.at("schema").at("properties").at("contact_id");
    EXPECT_EQ(field.at("anyOf").as_array()[0].at("format"), "uuid");
    EXPECT_EQ(field.at("anyOf").as_array()[1].at("properties").as_object().size(), 2u) << "eq and in";
  }
}

// With many deals and links, the contact filter reads the link table's (workspace_id, contact_id,
// deal_id) index rather than every deal of the workspace, on both engines.
TEST_F(ReportFilters, TheContactFilterUsesTheLinkIndex) {
  auto p = make_pipeline(unique_name("Bulk "));
  const std::string contact = create("contacts", json::object{{"first_name", "Linked"}});
  const std::string other = create("contacts", json::object{{"first_name", "Busy"}});
  const std::string seed = make_deal(p, "Bulk seed", {{"contacts", json::array{json::object{{"contact_id", other}}}}});
  // 5,000: on SQLite each link written below recounts the busy contact's open deals (0083's row
  // trigger), so this setup's cost grows with the square of the clones (20,000 took 104 s of CPU);
  // the statistics the planner is tested against (half of the links on one contact) are the same.
  clone_deal(seed, 5000, 0);
  const std::string ws = sql("SELECT workspace_id FROM deals WHERE id = ?", {seed})[0][0];
  const bool pg = on_postgres_backend();
  // Every clone linked to the busy contact (the table grows as the deals do).
  write_sql("INSERT INTO deal_contacts(workspace_id, deal_id, contact_id) SELECT workspace_id, id, ? FROM deals WHERE pipeline_id = ? "
            "AND id <> ?",
            {other, p.id, seed});
  const std::string linked = make_deal(p, "Linked deal", {{"contacts", json::array{json::object{{"contact_id", contact}}}}});
  write_sql("ANALYZE deals", {});
  write_sql("ANALYZE deal_contacts", {});
  // The list's query as Store::list and compile_list write it (default sort: -created_at).
  auto quoted = [&](const std::string& v) { return pg ? "'" + v + "'" : std::string("?"); };
  const std::string query = "SELECT id FROM deals WHERE workspace_id = " + quoted(ws) + " AND deleted_at IS NULL AND id IN (SELECT deal_id "
                            "FROM deal_contacts WHERE workspace_id = " + quoted(ws) + " AND contact_id = " + quoted(contact) +
                            ") ORDER BY created_at DESC, id DESC LIMIT 51";
  std::string plan;
  for (const auto& row : query_database(server().data_dir(), (pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + query,
                                        pg ? std::vector<std::string>{} : std::vector<std::string>{ws, ws, contact}))
    plan += row.back() + "\n";
  EXPECT_NE(plan.find("deal_contacts_contact"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SCAN deals"), std::string::npos) << "no scan of the workspace's deals: " << plan;
  EXPECT_EQ(plan.find("Seq Scan on deals"), std::string::npos) << plan;
  // And through the API.
  auto r = get("/api/v1/deals?filter[contact_id][eq]=" + contact);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ids_of(page_data(r.json())), std::vector<std::string>{linked});
}

}  // namespace
}  // namespace rapport::testing
