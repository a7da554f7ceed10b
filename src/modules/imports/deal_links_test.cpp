#include "modules/imports/deal_links.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

std::string contacts(std::string_view text) {
  auto c = parse_deal_contacts(text);
  if (!c.ok()) return "error: " + c.error;
  if (!c.value) return "(empty)";
  std::string out;
  for (const auto& dc : *c.value) out += dc.email + "|" + dc.role + " ";
  return out;
}

std::string history(std::string_view text, const char* zone = "Europe/Paris") {
  auto z = jobs::time_zone(zone);
  EXPECT_TRUE(z.ok());
  auto c = parse_stage_history(text, DateOrder::DayMonthYear, *z);
  if (!c.ok()) return "error: " + c.error;
  if (!c.value) return "(empty)";
  std::string out;
  for (const auto& e : *c.value) out += e.stage + "@" + e.at + " ";
  return out;
}

TEST(DealLinks, ContactsAsTheExportWritesThemAndAsPeopleDo) {
  EXPECT_EQ(contacts("ada@example.com (champion); bob@example.com"), "ada@example.com|champion bob@example.com| ");
  EXPECT_EQ(contacts(" ada@example.com ( decision_maker ) , bob@example.com;"), "ada@example.com|decision_maker bob@example.com| ");
  EXPECT_EQ(contacts(""), "(empty)");
  EXPECT_EQ(contacts(" ; , "), "(empty)");
  EXPECT_NE(contacts("Ada Lovelace").find("error: "), std::string::npos);
  EXPECT_NE(contacts("ada@example.com (champion").find("not an e-mail address with its role"), std::string::npos);
  EXPECT_NE(contacts("(champion)").find("error: "), std::string::npos);
  std::string many;
  for (int i = 0; i <= static_cast<int>(kMaxDealContacts); ++i) {  // += alone: GCC 12 misreads "c" + to_string(i)
    many += 'c';
    many += std::to_string(i);
    many += "@example.com; ";
  }
  EXPECT_NE(contacts(many).find("at most 50"), std::string::npos);
}

TEST(DealLinks, StageHistoryOldestFirstInUtc) {
  EXPECT_EQ(history(R"([{"stage":"Qualify","at":"2023-02-15T10:00:00.000Z"},{"stage":"Won","at":"2023-06-28T15:00:00Z"}])"),
            "Qualify@2023-02-15T10:00:00.000Z Won@2023-06-28T15:00:00.000Z ");
  EXPECT_EQ(history(R"([{"stage":" Propose ","at":"2023-03-01 12:00"}])"), "Propose@2023-03-01T11:00:00.000Z ")
      << "without an offset, the workspace's zone";
  EXPECT_EQ(history("  "), "(empty)");
  EXPECT_EQ(history("[]"), "(empty)");
  for (const char* bad : {"Qualify", "{\"stage\":\"Qualify\"}", R"([{"stage":"Qualify"}])", R"([{"stage":"","at":"2023-01-01"}])",
                          R"([{"stage":1,"at":"2023-01-01"}])", "[1]"})
    EXPECT_NE(history(bad).find("JSON array of {\"stage\", \"at\"}"), std::string::npos) << bad;
  EXPECT_NE(history(R"([{"stage":"Qualify","at":"31/31/2023"}])").find("stage \"Qualify\": "), std::string::npos);
  EXPECT_NE(history(R"([{"stage":"Won","at":"2023-06-28"},{"stage":"Qualify","at":"2023-02-15"}])").find("dated before"), std::string::npos);
  std::string many = "[";
  for (std::size_t i = 0; i <= kMaxStageEntries; ++i) many += std::string(i ? "," : "") + R"({"stage":"S","at":"2023-01-01"})";
  EXPECT_NE(history(many + "]").find("at most 1000"), std::string::npos);
}

}  // namespace
}  // namespace rapport::imports
