#include "platform/http/form_body.hpp"

#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse_query.hpp>

namespace rapport::http {

std::optional<FormFields> parse_form_body(std::string_view body, std::size_t max_fields) {
  FormFields out;
  if (body.empty()) return out;
  auto parsed = boost::urls::parse_query(body);
  if (!parsed) return std::nullopt;
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  for (auto p : *parsed) {
    if (out.size() == max_fields) return std::nullopt;
    std::string key, value;
    p.key.decode(opts, boost::urls::string_token::assign_to(key));
    if (p.has_value) p.value.decode(opts, boost::urls::string_token::assign_to(value));
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

const std::string* form_field(const FormFields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace rapport::http
