#include "platform/http/public_page.hpp"

namespace rapport::http {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

http::Response public_page(int status, const std::string& title, const std::string& body_html, PublicPageOptions options) {
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\"><title>" +
           html_escape(title) +
           "</title><style>"
           "body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328}"
           "h1{font-size:1.4rem}li{margin:.25rem 0}fieldset{border:0;padding:0;margin:1rem 0;display:flex;gap:.75rem}"
           "label.choice{flex:1;border:1px solid #d0d7de;border-radius:8px;padding:.75rem;text-align:center;cursor:pointer}"
           "label.choice:has(input:checked){border-color:#0969da;background:#ddf4ff}"
           "textarea,input.text,select{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #d0d7de;"
           "border-radius:6px}.field{margin:.75rem 0}.field>label{display:block;font-weight:600;margin-bottom:.25rem}"
           ".consent{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}.error{color:#cf222e}"
           "button{font:inherit;margin-top:1rem;padding:.5rem 1.25rem;border:0;border-radius:6px;background:#0969da;color:#fff;"
           "cursor:pointer}button:focus-visible,input:focus-visible,textarea:focus-visible{outline:2px solid #0969da;"
           "outline-offset:2px}.muted{color:#59636e}"
           "@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}label.choice{border-color:#3d444d}"
           "label.choice:has(input:checked){background:#0c2d6b;border-color:#4493f8}textarea,input.text,select{background:#151b23;"
           "color:#e6edf3;border-color:#3d444d}.muted{color:#9198a1}}"
           "</style></head><body><h1>" +
           html_escape(title) + "</h1>" + body_html + "</body></html>\n";
  r.header("Content-Security-Policy", std::string("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors ") +
                                          (options.framable ? "*" : "'none'"));
  return r;
}

http::Response problem_page(const Problem& p, const std::string& title, const std::string& advice_html) {
  std::string items;
  for (const auto& e : p.errors) items += "<li>" + html_escape(e.field + ": " + e.message) + "</li>";
  return public_page(p.status, title,
                     "<p>" + html_escape(p.detail) + "</p>" + (items.empty() ? "" : "<ul>" + items + "</ul>") + advice_html);
}

http::Response link_problem_page(const Problem& p) {
  if (p.status == 404) return public_page(404, "This link does not work any more", "<p>" + html_escape(p.detail) + ".</p>");
  return problem_page(p, p.status == 429 ? "Please wait a moment" : "We could not record that");
}

}  // namespace rapport::http
