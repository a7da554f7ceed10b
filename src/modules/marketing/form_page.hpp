// The HTML of a form's public page (GET /f/{id}, and again with the errors after a browser's post
// that needs correcting): one input per field, typed by the field it fills (email, tel, url, date,
// a text area for long text, a select for a choice), a checkbox per consent with its text, the
// hidden honeypot and the hidden fields carrying the visit (UTM parameters, referrer). The page may
// be framed by any site (it is meant to be embedded); it runs no script.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "modules/marketing/form.hpp"
#include "platform/db/connection.hpp"
#include "platform/http/form_body.hpp"
#include "platform/http/message.hpp"
#include "platform/problem.hpp"

namespace rapport::marketing {

struct FormInput {
  std::string name, label;
  std::string kind = "text";  // text, email, tel, url, date, textarea, select
  bool required = false;
  std::vector<std::string> options;  // a select's
  std::size_t max_length = kMaxValueChars;
};

// The inputs of the form's fields, read from the target's fields and the workspace's custom fields
// (a field deleted since the form was saved is left out).
std::vector<FormInput> form_inputs(db::Connection& c, const std::string& workspace_id, const Form& f);

struct PageState {
  const http::FormFields* values = nullptr;  // what was posted (kept in the inputs), or none
  std::vector<FieldError> errors;            // shown beside their fields (others above the form)
  http::FormFields visit;                    // utm_* and referrer, into hidden fields
};

// The page with status `status` (200; 422 with errors).
http::Response form_page(const Form& f, const std::vector<FormInput>& inputs, const PageState& state, int status = 200);
// The page after a browser's successful post: the form's success message.
http::Response thanks_page(const Form& f);

}  // namespace rapport::marketing
