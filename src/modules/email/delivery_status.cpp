#include "modules/email/delivery_status.hpp"

#include <cctype>

#include "platform/utf8.hpp"

namespace rapport::email {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// A field value as kept: valid UTF-8, one line, bounded.
std::string kept(std::string_view v) {
  std::string out = utf8::scrub(trimmed(v).substr(0, kMaxStatusValueBytes));
  for (auto& ch : out)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  return std::string(trimmed(out));
}

// "rfc822; user@example.org" -> "user@example.org" (the part after the type, when there is one).
std::string_view after_type(std::string_view v) {
  auto semi = v.find(';');
  return trimmed(semi == std::string_view::npos ? v : v.substr(semi + 1));
}

// Calls fn(name, value) for each field of a block of header-like lines (folded lines joined), and
// fn("", "") at each blank line that ends a block. Stops at the end of `text`.
template <class Fn>
void for_each_field(std::string_view text, Fn&& fn) {
  std::string name, value;
  bool open = false;
  auto flush = [&] {
    if (open) fn(std::string_view(name), std::string_view(value));
    open = false;
  };
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trimmed(line).empty()) {
      flush();
      fn(std::string_view(), std::string_view());
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {  // a folded line continues the field
      if (open && value.size() < 4 * kMaxStatusValueBytes) value.append(" ").append(trimmed(line));
      continue;
    }
    flush();
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    name.assign(trimmed(line.substr(0, colon)));
    value.assign(trimmed(line.substr(colon + 1)));
    open = true;
  }
  flush();
}

}  // namespace

std::vector<RecipientStatus> read_delivery_status(std::string_view body) {
  std::vector<RecipientStatus> out;
  RecipientStatus block;
  std::string original;
  auto end_block = [&] {
    if (block.recipient.empty() && !original.empty()) block.recipient = original;
    if (!block.recipient.empty() && out.size() < kMaxReportRecipients) out.push_back(std::move(block));
    block = {};
    original.clear();
  };
  for_each_field(body, [&](std::string_view name, std::string_view value) {
    if (name.empty()) return end_block();
    if (same_name(name, "Final-Recipient")) block.recipient = kept(after_type(value));
    else if (same_name(name, "Original-Recipient")) original = kept(after_type(value));
    else if (same_name(name, "Action")) {
      block.action = kept(value);
      for (auto& ch : block.action) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (same_name(name, "Status")) block.status = kept(value);
    else if (same_name(name, "Diagnostic-Code")) block.diagnostic = kept(after_type(value));
  });
  end_block();
  return out;
}

std::string message_id_in_headers(std::string_view headers) {
  std::string found;
  bool in_header = true;  // the block ends at its first blank line (a returned message's body follows)
  for_each_field(headers, [&](std::string_view name, std::string_view value) {
    if (name.empty()) in_header = false;
    if (!in_header || !found.empty() || !same_name(name, "Message-ID")) return;
    std::string_view id = trimmed(value);
    if (id.starts_with('<')) id.remove_prefix(1);
    if (auto close = id.find('>'); close != std::string_view::npos) id = id.substr(0, close);
    id = trimmed(id);
    if (!id.empty() && id.size() <= 998 && id.find_first_of(" \t<>") == std::string_view::npos && utf8::valid(id))
      found.assign(id);
  });
  return found;
}

FeedbackReport read_feedback_report(std::string_view body) {
  FeedbackReport out;
  bool in_block = true;  // one block: the fields end at the first blank line
  for_each_field(body, [&](std::string_view name, std::string_view value) {
    if (name.empty()) in_block = false;
    if (!in_block) return;
    if (same_name(name, "Feedback-Type")) {
      out.feedback_type = kept(value);
      for (auto& ch : out.feedback_type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (same_name(name, "Original-Rcpt-To") && out.original_rcpt_to.empty()) {
      std::string_view v = trimmed(value);
      if (v.starts_with('<') && v.ends_with('>')) v = v.substr(1, v.size() - 2);
      out.original_rcpt_to = kept(v);
    } else if (same_name(name, "User-Agent")) {
      out.user_agent = kept(value);
    }
  });
  return out;
}

bool is_complaint(const FeedbackReport& report) { return !report.feedback_type.empty() && report.feedback_type != "not-spam"; }

std::optional<std::string> bounce_reason(const DeliveryReport& report) {
  std::string reason;
  for (const auto& r : report.recipients) {
    if (r.action != "failed") continue;
    if (!reason.empty()) reason += "; ";
    reason += r.recipient + ":";
    if (!r.status.empty()) reason += " " + r.status;
    if (!r.diagnostic.empty()) reason += " " + r.diagnostic;
  }
  if (reason.empty()) return std::nullopt;
  return reason;
}

}  // namespace rapport::email
