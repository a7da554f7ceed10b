// What the parts of an erasure (erase.cpp: the contact, its activities, its stored answers;
// erase_emails.cpp: its mail) share: rewriting audit entries, and finding rows that hold a value.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "modules/privacy/scrub.hpp"
#include "platform/db/connection.hpp"

namespace rapport::privacy {

// Rewrites the audit entries of one object with `edit`, which says whether it changed them.
void rewrite_audit(db::Connection& c, const access::Context& ctx, const std::string& object, const std::string& id,
                   const std::function<bool(boost::json::array&)>& edit);

// SQL that is true when the text of `column` holds the parameter that follows ("…, ?) > 0" is
// appended by the caller's placeholder): lower() folds ASCII letters only on both engines
// (PostgreSQL's under the "C" collation), so the parameter is an ASCII term lower-cased.
std::string holds_lower_sql(db::Dialect dialect, const std::string& column);

// The terms the database can look for (`first`, then the needles that are ASCII, lower-cased), and
// whether a needle is beyond ASCII: those the caller looks for itself, by the needles' folding.
struct SqlTerms {
  std::vector<std::string> ascii;
  bool beyond_ascii = false;
};
SqlTerms sql_terms(const std::string& first, const Needles& needles);

}  // namespace rapport::privacy
