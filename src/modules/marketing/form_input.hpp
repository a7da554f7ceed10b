// The bodies of /api/v1/forms, their shape only (types, lengths, counts, unknown keys), each failure
// a field error of one 422. Whether a field exists on the target object, and the list, need the
// workspace (form_service).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/marketing/form.hpp"
#include "platform/problem.hpp"

namespace rapport::marketing {

// POST (creating: name and fields required; target contact by default) and PATCH of a form.
// success_message, redirect_url and list_id: null clears. consents: [{"channel", "text"}], at most
// one a channel (their versions are the service's).
struct FormChange {
  std::optional<std::string> name, target;
  std::optional<std::vector<FormField>> fields;
  std::optional<std::vector<ConsentText>> consents;
  std::optional<std::optional<std::string>> success_message, redirect_url, list_id;
  std::optional<bool> enabled;
};
Result<FormChange> read_form_body(const boost::json::object& body, bool creating);

}  // namespace rapport::marketing
