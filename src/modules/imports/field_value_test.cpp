#include "modules/imports/field_value.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

std::string text_of(const Cell<boost::json::value>& c) {
  return c.ok() && c.value && c.value->is_string() ? std::string(c.value->as_string()) : "(not a text)";
}

// Text an export guarded against formula injection reads back as it was written.
TEST(FieldValue, TextGuardedByAnExportReadsBackWithoutItsQuote) {
  records::FieldSpec f{.name = "job_title", .type = records::FieldType::String};
  RowDefaults d;
  EXPECT_EQ(text_of(field_value(f, "'-CTO-", d)), "-CTO-");
  EXPECT_EQ(text_of(field_value(f, "'=SUM(A1)", d)), "=SUM(A1)");
  EXPECT_EQ(text_of(field_value(f, "'+1 more", d)), "+1 more");
  EXPECT_EQ(text_of(field_value(f, "'@mention", d)), "@mention");
  EXPECT_EQ(text_of(field_value(f, "'tis the season", d)), "'tis the season") << "a quote before plain text stays";
  EXPECT_EQ(text_of(field_value(f, "'", d)), "'");
  records::CustomFieldDef note{.name = "note", .type = "text"};
  EXPECT_EQ(text_of(custom_value(note, "'=HYPERLINK(\"x\")", d)), "=HYPERLINK(\"x\")");
}

}  // namespace
}  // namespace rapport::imports
