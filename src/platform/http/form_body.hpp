// Reads an HTML form's body (application/x-www-form-urlencoded, as a browser posts a <form>): the
// fields decoded ('+' is a space, %XX a byte), in order. For public pages a person submits without
// the web UI's JavaScript (a support web form, a satisfaction rating).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// nullopt when the body is not well-formed (a bad %XX escape) or has more than max_fields fields.
std::optional<FormFields> parse_form_body(std::string_view body, std::size_t max_fields = 50);

// The first value of `name`, or nullptr.
const std::string* form_field(const FormFields& fields, std::string_view name);

}  // namespace rapport::http
