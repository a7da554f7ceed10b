// Saved mappings (/api/v1/import-mappings): a mapping document (mapping.hpp) with a name, for one
// object, reused by POST /api/v1/imports?mapping_id=. Members read them; whoever may import the
// object creates one; its creator and admins change and delete it. Names are unique per object
// (case-insensitively); at most kMaxMappings a workspace.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/imports/import_record.hpp"
#include "modules/imports/import_service.hpp"

namespace rapport::imports {

constexpr int64_t kMaxMappings = 500;
constexpr std::size_t kMaxMappingNameChars = 100;

struct MappingInput {
  std::optional<std::string> name, object;
  std::optional<boost::json::value> mapping;
};

// The body of POST (every key required) or PATCH (name and mapping; the object stays): 422 naming
// each bad key.
Result<MappingInput> read_mapping_body(const boost::json::object& body, bool creating);

class MappingService {
 public:
  MappingService(db::Database& db, std::shared_ptr<ImportService> imports) : db_(db), imports_(std::move(imports)) {}
  std::vector<SavedMapping> list(const identity::Context& ctx);
  Result<SavedMapping> get(const identity::Context& ctx, const std::string& id);
  Result<SavedMapping> create(const identity::Context& ctx, const MappingInput& in);
  Result<SavedMapping> update(const identity::Context& ctx, const std::string& id, const MappingInput& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);

 private:
  // The mapping document checked against the object's targets (422 naming mapping.<key>).
  Result<boost::json::object> checked(db::Connection& c, const identity::Context& ctx, const std::string& object,
                                      const boost::json::value& mapping);
  db::Database& db_;
  std::shared_ptr<ImportService> imports_;
};

}  // namespace rapport::imports
