#include "platform/http/request_target.hpp"

#include <gtest/gtest.h>

using rapport::http::parse_target;
using rapport::http::Request;

TEST(RequestTarget, DecodesPathAndQueryWithBracketsAsTyped) {
  Request req;
  ASSERT_TRUE(parse_target("/api/v1/contacts?filter[city][eq]=K%C3%B6ln&sort=-created_at&q=a+b", req));
  EXPECT_EQ(req.path, "/api/v1/contacts");
  ASSERT_EQ(req.query.size(), 3u);
  EXPECT_EQ(req.query[0].first, "filter[city][eq]");
  EXPECT_EQ(req.query[0].second, "K\xC3\xB6ln");
  EXPECT_EQ(req.query[1].second, "-created_at");
  EXPECT_EQ(req.query[2].second, "a b");
}

TEST(RequestTarget, KeepsEmptyValuesAndEncodedSeparators) {
  Request req;
  ASSERT_TRUE(parse_target("/x?a=&b&c=1%262", req));
  ASSERT_EQ(req.query.size(), 3u);
  EXPECT_EQ(req.query[0], (std::pair<std::string, std::string>{"a", ""}));
  EXPECT_EQ(req.query[1].first, "b");
  EXPECT_EQ(req.query[2].second, "1&2");
}

TEST(RequestTarget, RefusesWhatIsNotAnOriginFormAndLeavesTheRequestAlone) {
  for (const char* bad : {"http://example.com/x", "*", "x/y", "/a b", "/%zz", "/a?b=%4"}) {
    Request req;
    req.path = "kept";
    EXPECT_FALSE(parse_target(bad, req)) << bad;
    EXPECT_EQ(req.path, "kept") << bad;
    EXPECT_TRUE(req.query.empty()) << bad;
  }
}
