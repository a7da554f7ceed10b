// The Tenancy fixture of the workspace tests (tenancy_isolation, tenancy_auth, tenancy_api_keys).
//
// Every test starts its own server with workspace "Default" (A, the harness admin) and creates
// workspace "B" with `rapport workspace create` while the server runs.
#pragma once
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {

inline const std::string kBEmail = "b@x.test";
inline const std::string kBPassword = "workspace-b-password";

inline bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

struct SeedA {
  std::string user_id, workspace_id;
  std::string company, contact, activity;                          // live records
  std::string deleted_company, deleted_contact, deleted_activity;  // in A's recycle bin
  std::string custom_field, custom_field_name, custom_field_label, custom_value;
  std::string api_key_id, api_key, api_key_prefix, api_key_name;
  std::string team, team_name, role_name, role_label, session;
  std::string pipeline, stage, deal, deal_name, lead, lead_name, product, product_sku, line_item;
  std::string company_name, company_domain, contact_last_name, contact_email, activity_subject;
  std::string deleted_company_name, deleted_contact_last_name, deleted_activity_subject;
  std::string view, view_name, private_view, private_view_name;  // saved views: one shared, one private
  std::string job;  // a background job of A's (of a type no node runs, so it stays queued)
  std::string webhook, webhook_url, delivery;  // a webhook of A's and a row of its delivery log
  std::string automation, automation_name;     // an automation rule of A's
  std::string email_template, email_template_name, email, email_subject;  // an email template and an email of A's
  std::string received_email, received_subject, attachment;  // a message A's inbound route stored, and its file
  std::string meeting, calendar_feed;          // a meeting of A's (its .ics) and A's calendar feed
  std::string import, import_file_name, import_mapping, import_mapping_name;  // an import of A's and a saved mapping
  std::string ticket, ticket_subject;          // a closed ticket of A's (a follow-up would be taken)
  std::string business_hours, sla_policy;      // A's business-hours calendar and an SLA policy on it
  std::string web_form, web_form_name;         // a public web form of A's
  std::string macro;                           // a shared macro of A's
  std::string segment, segment_name, list, list_name;  // a segment and a static list of A's (A's contact a member)
  std::string campaign, campaign_name;  // a draft campaign of A's to that list
  std::string form, form_name;                 // a lead capture form of A's
  std::string saved_report, saved_report_name, dashboard;  // A's workspace-wide saved report and a dashboard showing it
  std::string report_schedule;  // an email schedule of that report
  std::vector<std::string> secrets;  // everything of A's that B must never see
};

class Tenancy : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>();
    a_ = std::make_unique<HttpClient>(server_->port());
    b_ = std::make_unique<HttpClient>(server_->port());
    token_a_ = login(*a_, ServerProcess::admin_email(), ServerProcess::admin_password());
    ASSERT_FALSE(token_a_.empty());
    // The command line writes into the data directory of the running server.
    auto ws = run_rapport({"workspace", "create", "--name", "B", "--admin-email", kBEmail, "--data", server_->data_dir()},
                          {{"RAPPORT_ADMIN_PASSWORD", kBPassword}});
    ASSERT_EQ(ws.exit_code, 0) << ws.output;
    EXPECT_EQ(ws.output.find("Password:"), std::string::npos) << "a password from the environment is not printed: " << ws.output;
    token_b_ = login(*b_, kBEmail, kBPassword);
    ASSERT_FALSE(token_b_.empty());
    auto me_b = b_->call("GET", "/api/v1/auth/me", token_b_);
    ASSERT_EQ(me_b.status, 200) << me_b.body;
    b_user_ = text(me_b.json(), "user_id");
    b_workspace_ = text(me_b.json(), "workspace_id");
  }

  HttpResponse as_a(const std::string& method, const std::string& target, const json::value* body = nullptr,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    return a_->call(method, target, token_a_, body, std::move(headers));
  }
  HttpResponse as_b(const std::string& method, const std::string& target, const json::value* body = nullptr,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    return b_->call(method, target, token_b_, body, std::move(headers));
  }
  std::string create(HttpClient& c, const std::string& token, const std::string& path, const json::value& body) {
    auto r = c.call("POST", path, token, &body);
    EXPECT_EQ(r.status, 201) << "POST " << path << " " << json::serialize(body) << ": " << r.body;
    return text(r.json(), "id");
  }
  std::string create_a(const std::string& path, const json::value& body) { return create(*a_, token_a_, path, body); }
  std::string create_b(const std::string& path, const json::value& body) { return create(*b_, token_b_, path, body); }

  // Workspace A's records: one live and one deleted of each kind, a custom field with a value, an
  // API key.
  void seed_a();  // tenancy_seed.cpp

  // The ids of A's users, workspace and records: what a conflict or replay must never point B at.
  std::vector<std::string> a_ids() const {
    const SeedA& s = a_seed_;
    return {s.user_id,         s.workspace_id,    s.company,          s.contact,      s.activity,
            s.deleted_company, s.deleted_contact, s.deleted_activity, s.custom_field, s.api_key_id, s.team, s.pipeline, s.deal, s.lead, s.product};
  }

  // The secrets except one id (which B sent itself, so seeing it again is no leak).
  std::vector<std::string> secrets_except(const std::string& id) const {
    std::vector<std::string> out;
    for (const auto& s : a_seed_.secrets)
      if (s != id) out.push_back(s);
    return out;
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> a_, b_;
  std::string token_a_, token_b_, b_user_, b_workspace_;
  SeedA a_seed_;
};

}  // namespace rapport::testing
