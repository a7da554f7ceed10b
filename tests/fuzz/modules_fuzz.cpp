// libFuzzer target for the modules' own JSON inputs: a segment's filter (marketing/segment_filter.hpp)
// compiled against the real contact and company specs with custom fields of every type, on a
// migrated SQLite database, and a saved view's body (views/view_input.hpp) as a create and as an
// update. The first byte chooses which. (An automation rule's body is not here yet: its reader links
// every action kind, and with them most of the server.)
// Checked beyond "no crash, no leak, no undefined behaviour" (ASan + UBSan): every refusal is a 422
// naming at least one field, under the input's own path ("filter..."); a compiled filter binds as many
// parameters as its SQL has placeholders, and runs on the schema (request text never reaches the SQL
// other than as a bound value); a body accepted as a create is accepted as an update.
// Build and run: bash scripts/fuzz.sh [seconds] modules
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "custom_fields_of_every_type.hpp"
#include "modules/customers/specs.hpp"
#include "modules/marketing/segment_filter.hpp"
#include "modules/views/view_input.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"

using namespace rapport;
namespace json = boost::json;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// A migrated database for the whole run, in a directory removed at exit.
db::SqliteConnection& database() {
  static const std::filesystem::path dir = [] {
    std::string t = (std::filesystem::temp_directory_path() / "rapport-fuzz-XXXXXX").string();
    auto d = std::filesystem::path(mkdtemp(t.data()));
    std::atexit([] { std::filesystem::remove_all(dir); });
    return d;
  }();
  static const auto c = [] {
    auto conn = std::make_unique<db::SqliteConnection>((dir / "r.db").string(), false);
    db::migrate(*conn);
    return conn;
  }();
  return *c;
}

std::size_t placeholders(std::string_view sql) {
  std::size_t n = 0;
  for (char ch : sql) n += ch == '?';
  return n;
}

void refused_well(const Problem& p, std::string_view path_prefix) {
  check(p.status == 422);
  check(!p.errors.empty());
  for (const auto& e : p.errors) check(e.field.rfind(path_prefix, 0) == 0);
}

void fuzz_filter(const json::value& filter) {
  static const auto contact_fields = custom_fields_of_every_type("contacts");
  static const auto company_fields = custom_fields_of_every_type("companies");
  identity::Context caller;
  caller.workspace_id = "w1";
  auto& c = database();
  const marketing::FilterScope scope{.c = c, .caller = caller, .contacts = customers::contact_spec(),
                                     .companies = customers::company_spec(), .contact_fields = contact_fields,
                                     .company_fields = company_fields, .now_ms = 1'700'000'000'000};
  auto sql = marketing::compile_filter(filter, scope);
  if (!sql) return refused_well(sql.problem(), "filter");
  check(placeholders(sql->text) == sql->params.size());
  std::vector<db::Value> params{std::string("w1")};
  params.insert(params.end(), sql->params.begin(), sql->params.end());
  // Throws (and so aborts the run) if the SQL does not prepare or run on the schema.
  c.scalar("SELECT count(*) FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL" + sql->text, params);
  c.trim_cache(16);  // each filter is a statement of its own: the cache would grow with the run
}

template <class Read>
void fuzz_body(const json::object& body, Read read) {
  auto created = read(body, true);
  auto updated = read(body, false);
  if (!created) refused_well(created.problem(), "");
  if (!updated) refused_well(updated.problem(), "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > marketing::kMaxFilterBytes) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return 0;
  if (data[0] & 1) fuzz_filter(v);
  else if (v.is_object()) fuzz_body(v.as_object(), views::read_view_body);
  return 0;
}
