#include "platform/records/list_query.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "platform/ids.hpp"
#include "platform/records/spec_test_support.hpp"

namespace rapport::records {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

const ObjectSpec& people() { return test::person_spec(); }

// A cursor of the list order named `sort` (as keyset::make_cursor writes them).
std::string encode_cursor(const std::string& sort, const db::Value& value, const std::string& id) {
  return keyset::make_cursor({.name = sort, .value_sql = "value"}, {.value = value, .id = id});
}

CompiledList compile_ok(const Query& q, const std::vector<CustomFieldDef>& defs = {}) {
  auto p = parse_list_params(q);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.problem().detail);
  auto c = compile_list(people(), defs, *p);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.problem().detail);
  return c.ok() ? *c : CompiledList{};
}

int compile_status(const Query& q) {
  auto p = parse_list_params(q);
  if (!p) return p.problem().status;
  auto c = compile_list(people(), {}, *p);
  return c.ok() ? 200 : c.problem().status;
}

TEST(ListParams, DefaultsAndLimits) {
  auto p = parse_list_params({});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->limit, 50);
  EXPECT_TRUE(parse_list_params({{"limit", "500"}}).ok());
  for (const char* bad : {"0", "501", "-1", "abc", "10x", ""})
    EXPECT_EQ(parse_list_params({{"limit", bad}}).problem().status, 400) << bad;
}

TEST(ListParams, RejectsUnknownAndRepeatedParameters) {
  EXPECT_FALSE(parse_list_params({{"offset", "10"}}).ok());
  EXPECT_FALSE(parse_list_params({{"limit", "1"}, {"limit", "2"}}).ok());
  EXPECT_FALSE(parse_list_params({{"count", "yes"}}).ok());
}

TEST(ListParams, FilterKeySyntax) {
  auto p = parse_list_params({{"filter[last_name][eq]", "Smith"}, {"filter[city]", "Paris"}});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->filters.size(), 2u);
  EXPECT_EQ(p->filters[0].field, "last_name");
  EXPECT_EQ(p->filters[0].op, "eq");
  EXPECT_EQ(p->filters[1].op, "eq");
  for (const char* bad : {"filter[", "filter[]", "filter[x]y", "filter[x][", "filter[x][]"})
    EXPECT_FALSE(parse_list_params({{bad, "1"}}).ok()) << bad;
  Query many;
  for (int i = 0; i < 21; ++i) many.emplace_back("filter[city][eq]", "x");
  EXPECT_FALSE(parse_list_params(many).ok());
}

// Every distinct SQL text is a prepared statement on every connection: filter order and the length
// of an IN list must not make new texts.
TEST(CompileList, SqlTextDependsOnNeitherFilterOrderNorExactInListLength) {
  auto a = compile_ok({{"filter[last_name][eq]", "Smith"}, {"filter[city][eq]", "Paris"}});
  auto b = compile_ok({{"filter[city][eq]", "Paris"}, {"filter[last_name][eq]", "Smith"}});
  EXPECT_EQ(a.where, b.where);
  EXPECT_EQ(a.params, b.params);
  auto three = compile_ok({{"filter[city][in]", "A,B,C"}});
  auto four = compile_ok({{"filter[city][in]", "A,B,C,D"}});
  EXPECT_EQ(three.where, four.where);
  EXPECT_EQ(three.params.size(), 4u);  // padded with the last value, which IN ignores
  EXPECT_EQ(three.params.back(), db::Value(std::string("C")));
}

TEST(CompileList, FiltersBecomeBoundParameters) {
  auto c = compile_ok({{"filter[last_name][eq]", "O'Brien; DROP TABLE contacts"}});
  EXPECT_EQ(c.where, " AND last_name_key = ?");
  ASSERT_EQ(c.params.size(), 1u);
  EXPECT_EQ(std::get<std::string>(c.params[0]), "o'brien; drop table contacts") << "a name compares by its folded key";
}

TEST(CompileList, EveryOperator) {
  EXPECT_EQ(compile_ok({{"filter[last_name][ne]", "a"}}).where, " AND last_name_key IS NOT ?");
  EXPECT_EQ(compile_ok({{"filter[created_at][gte]", "2026-01-01T00:00:00Z"}}).where, " AND created_at >= ?");
  EXPECT_EQ(std::get<std::string>(compile_ok({{"filter[created_at][lt]", "2026-01-01"}}).params[0]), "2026-01-01T00:00:00.000Z");
  auto in = compile_ok({{"filter[lifecycle_stage][in]", "lead,customer"}});
  EXPECT_EQ(in.where, " AND lifecycle_stage IN ('lead', 'customer')") << "an Enum's options as literals";
  EXPECT_TRUE(in.params.empty());
  auto contains = compile_ok({{"filter[last_name][contains]", "50%_x"}});
  EXPECT_EQ(contains.where, " AND last_name_key LIKE ? ESCAPE '\\'");
  EXPECT_EQ(std::get<std::string>(contains.params[0]), "%50\\%\\_x%");
  auto prefix = compile_ok({{"filter[last_name][starts_with]", "Sm"}});
  EXPECT_EQ(prefix.where, " AND last_name_key >= ? AND last_name_key < ? AND last_name_key LIKE ? ESCAPE '\\'")
      << "the key's range, which its index reads, beside the LIKE";
  ASSERT_EQ(prefix.params.size(), 3u);
  EXPECT_EQ(std::get<std::string>(prefix.params[0]), "sm");
  EXPECT_EQ(std::get<std::string>(prefix.params[1]), "sn");
  EXPECT_EQ(std::get<std::string>(prefix.params[2]), "sm%");
  EXPECT_EQ(compile_ok({{"filter[company_id][is_null]", "true"}}).where, " AND company_id IS NULL");
  EXPECT_EQ(compile_ok({{"filter[company_id][is_null]", "false"}}).where, " AND company_id IS NOT NULL");
  EXPECT_EQ(compile_ok({{"filter[emails][eq]", "a@b.co"}}).where.find("json_each(emails_key)") != std::string::npos, true);
}

TEST(CompileList, EmailComparesCaseInsensitively) {
  auto c = compile_ok({{"filter[email][eq]", "Ada@Example.COM"}});
  EXPECT_EQ(c.where, " AND email_key = ?");
  EXPECT_EQ(std::get<std::string>(c.params[0]), "ada@example.com");
  auto unicode = compile_ok({{"filter[email][eq]", "\xC3\x84" "DA@Example.COM"}});  // ÄDA
  EXPECT_EQ(std::get<std::string>(unicode.params[0]), "\xC3\xA4" "da@example.com");
  auto list = compile_ok({{"filter[emails][eq]", "\xC3\x84" "DA@Example.COM"}});
  EXPECT_EQ(std::get<std::string>(list.params[0]), "\xC3\xA4" "da@example.com") << "list members compare by key too";
}

// PostgreSQL's phone indexes are in the "C" collation (migration 0019); the filter compares in it so
// that they serve it (the plan: modules/dedupe/phone_index_test.cpp). SQLite compares bytewise.
TEST(CompileList, PhoneComparesInTheCollationOfItsPostgresIndex) {
  auto compiled = [](db::Dialect dialect, const char* op) {
    auto p = parse_list_params({{std::string("filter[phone][") + op + "]", "+493012345"}});
    EXPECT_TRUE(p.ok());
    auto c = compile_list(people(), {}, *p, dialect);
    EXPECT_TRUE(c.ok());
    return c.ok() ? c->where : std::string();
  };
  EXPECT_EQ(compiled(db::Dialect::Postgres, "eq"), " AND phone COLLATE \"C\" = ?");
  EXPECT_EQ(compiled(db::Dialect::Postgres, "in").rfind(" AND phone COLLATE \"C\" IN ", 0), 0u);
  EXPECT_EQ(compiled(db::Dialect::Sqlite, "eq"), " AND phone = ?");
}

TEST(CompileList, RefusesBadFiltersAndSorts) {
  EXPECT_EQ(compile_status({{"filter[nope][eq]", "1"}}), 400);
  EXPECT_EQ(compile_status({{"filter[last_name][like]", "1"}}), 400);
  EXPECT_EQ(compile_status({{"filter[created_at][gt]", "yesterday"}}), 400);
  EXPECT_EQ(compile_status({{"filter[company_id][is_null]", "maybe"}}), 400);
  EXPECT_EQ(compile_status({{"filter[created_at][contains]", "2026"}}), 400);
  EXPECT_EQ(compile_status({{"sort", "description"}}), 400);
  EXPECT_EQ(compile_status({{"sort", "-nope"}}), 400);
  EXPECT_EQ(compile_status({{"sort", "last_name"}}), 200);
}

// from_chars reads "nan" and "inf" too, which SQLite would bind as NULL and PostgreSQL sort above
// every number: the same filter answered differently by the two engines. Both are a 400.
TEST(CompileList, ANumberFilterIsAFiniteNumber) {
  CustomFieldDef score;
  score.name = "score";
  score.type = "number";
  auto status = [&](const std::string& value) {
    auto p = parse_list_params({{"filter[custom.score][gt]", value}});
    if (!p) return p.problem().status;
    auto c = compile_list(people(), {score}, *p);
    return c.ok() ? 200 : c.problem().status;
  };
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity", "1e400"}) EXPECT_EQ(status(bad), 400) << bad;
  for (const char* good : {"2.5", "-3", "1e15"}) EXPECT_EQ(status(good), 200) << good;
}

// list_fields is what the OpenAPI document lists per list route: each field takes exactly the
// operators and the sort it names, and a field it leaves out cannot be filtered on.
TEST(ListFields, SayWhatCompileListAccepts) {
  ObjectSpec unfiltered = test::organisation_spec();
  unfiltered.add("secret", FieldType::String).filterable = false;
  const ObjectSpec& hidden = unfiltered;
  for (const ObjectSpec* spec : {&test::person_spec(), &test::organisation_spec(), &test::event_spec(), &hidden}) {
    auto status = [&](const Query& q) {
      auto p = parse_list_params(q);
      if (!p) return p.problem().status;
      auto c = compile_list(*spec, {}, *p);
      return c.ok() ? 200 : c.problem().status;
    };
    auto fields = list_fields(*spec);
    std::set<std::string> listed;
    for (const auto& f : fields) {
      listed.insert(f.name);
      const std::string value = f.value_type == "integer"   ? "1"
                                : f.value_type == "number"  ? "1.5"
                                : f.value_type == "boolean" ? "true"
                                : f.format == "date-time"   ? "2026-01-01T00:00:00Z"
                                : f.format == "uuid"        ? "0190a000-0000-7000-8000-00000000abcd"
                                : f.list                    ? "a@example.com"
                                                            : "x";
      for (const auto& op : filter_operators()) {
        const bool takes = std::find(f.operators.begin(), f.operators.end(), op) != f.operators.end();
        EXPECT_EQ(status({{"filter[" + f.name + "][" + op + "]", op == "is_null" ? "true" : value}}), takes ? 200 : 400)
            << spec->object << "." << f.name << " " << op;
      }
      for (const std::string& sort : {f.name, "-" + f.name})
        EXPECT_EQ(status({{"sort", sort}}), f.sortable ? 200 : 400) << spec->object << " sort=" << sort;
    }
    for (const auto* all : {&spec->fields, &system_fields()})
      for (const auto& f : *all)
        if (!listed.count(f.name)) {
          EXPECT_EQ(status({{"filter[" + f.name + "][eq]", "x"}}), 400) << spec->object << "." << f.name;
        }
    EXPECT_TRUE(listed.count("created_at")) << spec->object;
  }
  EXPECT_FALSE(std::ranges::any_of(list_fields(hidden), [](const ListField& f) { return f.name == "secret"; }));
}

// A link filter reads the ids from its link table, in the caller's workspace, and takes ids only.
TEST(CompileList, LinkFiltersSelectThroughTheLinkTable) {
  const std::string a = "0190a000-0000-7000-8000-00000000000a", b = "0190A000-0000-7000-8000-00000000000B";
  auto compile = [](const Query& q) {
    auto p = parse_list_params(q);
    return compile_list(test::event_spec(), {}, *p, db::Dialect::Sqlite, "ws-1");
  };
  auto one = compile({{"filter[person_id][eq]", a}, {"filter[type][eq]", "call"}});
  ASSERT_TRUE(one.ok()) << one.problem().detail;
  EXPECT_EQ(one->where, " AND id IN (SELECT event_id FROM event_people WHERE workspace_id = ? AND person_id = ?) AND type = ?");
  EXPECT_EQ(one->params, (std::vector<db::Value>{std::string("ws-1"), a, std::string("call")}));
  auto two = compile({{"filter[person_id][in]", a + "," + b}});
  ASSERT_TRUE(two.ok()) << two.problem().detail;
  EXPECT_EQ(two->where, " AND id IN (SELECT event_id FROM event_people WHERE workspace_id = ? AND person_id IN (?, ?))");
  EXPECT_EQ(two->params[2], db::Value(std::string("0190a000-0000-7000-8000-00000000000b"))) << "ids compare lower case";
  for (const Query& bad : std::vector<Query>{{{"filter[person_id][eq]", "ada"}},
                                             {{"filter[person_id][in]", a + ",1"}},
                                             {{"filter[person_id][ne]", a}},
                                             {{"filter[person_id][is_null]", "true"}},
                                             {{"sort", "person_id"}}}) {
    auto c = compile(bad);
    EXPECT_FALSE(c.ok()) << bad[0].first;
    if (!c.ok()) {
      EXPECT_EQ(c.problem().status, 400);
    }
  }
  Query many{{"filter[person_id][in]", a}};
  for (int i = 0; i < 100; ++i) many[0].second += "," + a;
  EXPECT_FALSE(compile(many).ok()) << "at most 100 ids";
}

// A Tags field filters through record_tags by the tags' folded keys: one tag, any of several, all of them.
TEST(CompileList, TagsFilterThroughTheTagTable) {
  auto compile = [](const Query& q) {
    auto p = parse_list_params(q);
    return compile_list(test::organisation_spec(), {}, *p, db::Dialect::Sqlite, "ws-1");
  };
  const std::string head = " AND id IN (SELECT record_id FROM record_tags WHERE workspace_id = ? AND object_type = ? AND field = ? AND tag_key";
  auto one = compile({{"filter[tags][eq]", " VIP "}});
  ASSERT_TRUE(one.ok()) << one.problem().detail;
  EXPECT_EQ(one->where, head + " = ?)");
  EXPECT_EQ(one->params, (std::vector<db::Value>{std::string("ws-1"), std::string("organisations"), std::string("tags"), std::string("vip")}));
  auto any = compile({{"filter[tags][in]", "VIP,renewal,vip"}});
  ASSERT_TRUE(any.ok()) << any.problem().detail;
  EXPECT_EQ(any->where, head + " IN (?, ?))") << "duplicates (regardless of case) count once";
  auto all = compile({{"filter[tags][all]", "vip,Renewal"}});
  ASSERT_TRUE(all.ok()) << all.problem().detail;
  EXPECT_EQ(all->where, head + " = ?)" + head + " = ?)") << "one condition per tag";
  EXPECT_EQ(all->params.back(), db::Value(std::string("renewal")));
  auto all_of_one = compile({{"filter[tags][all]", "vip"}});
  ASSERT_TRUE(all_of_one.ok());
  EXPECT_EQ(all_of_one->where, head + " = ?)");
  for (const Query& bad : std::vector<Query>{{{"filter[tags][in]", "a,,b"}},
                                             {{"filter[tags][eq]", " "}},
                                             {{"filter[tags][all]", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u"}},
                                             {{"filter[tags][ne]", "a"}},
                                             {{"filter[tags][is_null]", "true"}},
                                             {{"filter[name][all]", "a"}},
                                             {{"sort", "tags"}}}) {
    auto c = compile(bad);
    EXPECT_FALSE(c.ok()) << bad[0].first << "=" << bad[0].second;
    if (!c.ok()) {
      EXPECT_EQ(c.problem().status, 400);
    }
  }
}

// `in` on an Enum field: the options named, each once and in the spec's order, as SQL literals (a
// queue's partial index matches them); a value that is no option is bound, like any other field's.
TEST(CompileList, EnumInListsAreTheSpecsOptionsInOrder) {
  auto c = compile_ok({{"filter[lifecycle_stage][in]", "other,lead,other"}});
  EXPECT_EQ(c.where, " AND lifecycle_stage IN ('lead', 'other')");
  EXPECT_TRUE(c.params.empty());
  EXPECT_EQ(compile_ok({{"filter[lifecycle_stage][in]", "lead,other"}}).where, c.where) << "one text for one set of values";
  auto unknown = compile_ok({{"filter[lifecycle_stage][in]", "lead,x'); DROP TABLE contacts; --"}});
  EXPECT_EQ(unknown.where, " AND lifecycle_stage IN (?, ?)") << "not an option: bound, never written into the SQL";
  EXPECT_EQ(unknown.params.size(), 2u);
  EXPECT_EQ(compile_ok({{"filter[city][in]", "A,B"}}).where, " AND city IN (?, ?)") << "other fields: bound";
}

TEST(CompileList, CustomFieldsByDefinition) {
  CustomFieldDef tier;
  tier.name = "tier";
  tier.type = "select";
  CustomFieldDef score;
  score.name = "score";
  score.type = "number";
  auto c = compile_ok({{"filter[custom.tier][eq]", "gold"}, {"filter[custom.score][gt]", "2.5"}, {"sort", "-custom.score"}},
                      {tier, score});
  // Conditions come in field order whatever the request's order (one SQL text for both orders).
  EXPECT_EQ(c.where, " AND json_extract(custom, '$.score') > ? AND json_extract(custom, '$.tier') = ?");
  EXPECT_DOUBLE_EQ(std::get<double>(c.params[0]), 2.5);
  EXPECT_EQ(c.order.value_sql, "json_extract(custom, '$.score')");
  EXPECT_TRUE(c.order.descending);
  EXPECT_EQ(c.order.value_type, keyset::Type::Real);
  EXPECT_TRUE(c.order.nullable);
  auto p = parse_list_params({{"filter[custom.unknown][eq]", "1"}});
  EXPECT_FALSE(compile_list(people(), {tier}, *p).ok());
}

TEST(Cursor, RejectsGarbageAndForeignSorts) {
  EXPECT_EQ(compile_status({{"sort", "-created_at"}, {"cursor", "not-base64!!"}}), 400);
  EXPECT_EQ(compile_status({{"sort", "-created_at"}, {"cursor", ids::base64url_encode("[1,2]")}}), 400);
  EXPECT_EQ(compile_status({{"sort", "-created_at"}, {"cursor", ids::base64url_encode(R"({"s":"-created_at","v":"x","i":"not-a-uuid"})")}}), 400);
  std::string cursor = encode_cursor("-created_at", std::string("2026-01-01T00:00:00.000Z"), ids::uuid_v7());
  EXPECT_EQ(compile_status({{"sort", "last_name"}, {"cursor", cursor}}), 400);
  EXPECT_EQ(compile_status({{"sort", "-created_at"}, {"cursor", cursor}}), 200);
}

TEST(Cursor, KeysetConditionsHandleNulls) {
  std::string id = ids::uuid_v7();
  auto keyset_of = [](const CompiledList& c) {
    std::vector<db::Value> params;
    return c.after ? keyset::after_sql(c.order, *c.after, params) : std::string();
  };
  auto asc_null = compile_ok({{"sort", "last_name"}, {"cursor", encode_cursor("last_name", nullptr, id)}});
  EXPECT_EQ(keyset_of(asc_null), "((last_name_key IS NULL AND id > ?) OR last_name_key IS NOT NULL)");
  auto desc_value = compile_ok({{"sort", "-last_name"}, {"cursor", encode_cursor("-last_name", std::string("M"), id)}});
  EXPECT_EQ(keyset_of(desc_value), "(last_name_key < ? OR last_name_key IS NULL OR (last_name_key = ? AND id < ?))");
  auto not_null = compile_ok({{"sort", "-created_at"}, {"cursor", encode_cursor("-created_at", std::string("2026"), id)}});
  EXPECT_EQ(keyset_of(not_null), "(created_at, id) < (?, ?)");
  EXPECT_EQ(keyset_of(compile_ok({{"sort", "-created_at"}})), "");
}

TEST(Cursor, ValuesOfAnotherTypeThanTheSortAreRefused) {
  std::string id = ids::uuid_v7();
  // created_at is text and never NULL; a number or a NULL in its cursor is a 400, not a database error.
  EXPECT_EQ(compile_status({{"sort", "-created_at"}, {"cursor", encode_cursor("-created_at", int64_t{5}, id)}}), 400);
  EXPECT_EQ(compile_status({{"sort", "-created_at"}, {"cursor", encode_cursor("-created_at", nullptr, id)}}), 400);
  // last_name may be NULL.
  EXPECT_EQ(compile_status({{"sort", "last_name"}, {"cursor", encode_cursor("last_name", nullptr, id)}}), 200);
  EXPECT_EQ(compile_status({{"sort", "last_name"}, {"cursor", encode_cursor("last_name", 2.5, id)}}), 400);
}

}  // namespace
}  // namespace rapport::records
