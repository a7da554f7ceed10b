// libFuzzer target for inbound email (src/modules/email): bytes from the fuzzer are a raw RFC 5322
// message read by GMime (parse_inbound), a message/delivery-status body (read_delivery_status), a
// header block's Message-ID and an HTML part turned into text. Checked beyond "no crash, no leak, no
// undefined behaviour": a refusal is a 4xx problem; an accepted message has a sender and a
// Message-ID, its decoded texts are UTF-8, it keeps the part and reference limits, and its files are
// never larger than the message nor than the per-file bound it was given.
// Build and run: bash scripts/fuzz.sh [seconds] mime
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "modules/email/delivery_status.hpp"
#include "modules/email/html_text.hpp"
#include "modules/email/mime_parser.hpp"
#include "platform/utf8.hpp"

using namespace rapport;
using namespace rapport::email;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz_message(std::string_view raw) {
  constexpr std::size_t kMaxFile = 2048;
  auto parsed = parse_inbound(raw, 64 * 1024, kMaxFile);
  if (!parsed) {
    check(parsed.problem().status >= 400 && parsed.problem().status < 500);
    return;
  }
  const InboundMessage& m = *parsed;
  check(!m.message_id.empty() && !m.from.empty());
  check(utf8::valid(m.subject) && utf8::valid(m.text) && utf8::valid(m.html) && utf8::valid(m.from_name));
  check(m.references.size() <= kMaxReferences && m.attachments.size() <= kMaxAttachments);
  std::size_t files = 0;
  for (const auto& a : m.attachments) {
    check(a.bytes.size() <= kMaxFile && !a.file_name.empty());
    files += a.bytes.size();
  }
  check(files <= raw.size());
  check(utf8::valid(html_text(m.html)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      fuzz_message(rest);
      break;
    case 1:
      {
        auto recipients = read_delivery_status(rest);
        check(recipients.size() <= kMaxReportRecipients);
        for (const auto& r : recipients) check(!r.recipient.empty());
      }
      message_id_in_headers(rest);
      break;
    default:
      if (utf8::valid(rest)) check(utf8::valid(html_text(rest)));
      break;
  }
  return 0;
}
