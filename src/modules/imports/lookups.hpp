// The names an import file gives for related records, resolved to ids inside the import's write
// transaction: a company by domain or name (created when missing, unless the import says not to),
// an owner by user e-mail address, a deal's pipeline and stage by name, a deal's contact by e-mail.
// Answers are remembered for the rest of the run (files repeat the same companies and owners), but
// a company created by a row that is then rolled back is forgotten with it (forget_since).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"
#include "platform/records/service.hpp"
#include "platform/records/store.hpp"

namespace rapport::imports {

// Entries remembered per kind; past it the memory is emptied (a file of a million distinct companies
// stays bounded).
constexpr std::size_t kLookupsRemembered = 200000;

class Lookups {
 public:
  // `companies`: the companies' store, for finding and creating them; `imported`: the import whose
  // journal the companies it creates get (records::insert_many), else a plain create's.
  Lookups(const identity::Context& ctx, const records::Store& companies, bool create_companies,
          const records::ImportedFrom* imported = nullptr)
      : ctx_(ctx), companies_(companies), create_companies_(create_companies), imported_(imported) {}

  // The company with this domain, else this name; created from them when neither is found (and
  // creation is on). `created` is set to the new company's id. nullopt: nothing given, or not found
  // and not created. A Problem: the company could not be created (its reason fails the row).
  Result<std::optional<std::string>> company(db::Connection& c, const std::string& name, const std::string& domain,
                                             std::optional<std::string>& created);
  // company() for a batch's rows, answering what each row would get were they written one after the
  // other (a company one row creates is found by the rows after it), in two queries (the batch's
  // domains, then its names) and one records::insert_many of the companies to create. `wanted`: a
  // row's (name, domain), both empty for none.
  struct CompanyAnswer {
    Result<std::optional<std::string>> id;  // as company() answers
    bool created = false;                   // this row is the first that needed it (its creator)
  };
  std::vector<CompanyAnswer> companies(db::Connection& c, const std::vector<std::pair<std::string, std::string>>& wanted);
  // A user of the workspace by e-mail address (active or not: a past owner keeps their records).
  std::optional<std::string> user(db::Connection& c, const std::string& email);
  // The pipeline by name; the workspace's first when `name` is empty.
  std::optional<std::string> pipeline(db::Connection& c, const std::string& name);
  // The stage of `pipeline_id` by name.
  std::optional<std::string> stage(db::Connection& c, const std::string& pipeline_id, const std::string& name);
  // A live contact by e-mail address.
  std::optional<std::string> contact(db::Connection& c, const std::string& email);

  // Companies created from now on can be forgotten together (their write rolled back).
  std::size_t mark() const { return created_keys_.size(); }
  void forget_since(std::size_t mark);

 private:
  using Memory = std::unordered_map<std::string, std::string>;
  static void remember(Memory& m, const std::string& key, const std::string& id);
  // A created company's keys, remembered (and forgettable with forget_since).
  void remember_created(const std::string& name, const std::string& domain, const std::string& id);
  std::optional<std::string> find_company(db::Connection& c, const std::string& name, const std::string& domain);

  const identity::Context& ctx_;
  const records::Store& companies_;
  bool create_companies_;
  const records::ImportedFrom* imported_;
  Memory by_domain_, by_name_, users_, pipelines_, stages_, contacts_;
  std::vector<std::pair<bool, std::string>> created_keys_;  // (by domain?, key) of companies created
};

}  // namespace rapport::imports
