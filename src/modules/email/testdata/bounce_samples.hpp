// For tests (the delivery reports' unit test, the inbound route's functional test): a bounce as an MTA
// wrote it (postfix_bounce.eml: the returned message's headers; exim_bounce.eml: the whole message),
// or a feedback-loop complaint as a mailbox provider sends it (RFC 5965: arf_complaint.eml with the
// whole message, arf_headers_only.eml with its headers), about the message whose Message-ID is `original`, read from the source tree at `source_dir`.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rapport::email::testdata {

inline std::string bounce_sample(const std::string& source_dir, const std::string& file_name, const std::string& original) {
  std::ifstream in(std::filesystem::path(source_dir) / "src/modules/email/testdata" / file_name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::string placeholder = "ORIGINAL-MESSAGE-ID";
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder)) text.replace(at, placeholder.size(), original);
  return text;
}

}  // namespace rapport::email::testdata
