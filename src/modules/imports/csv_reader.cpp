#include "modules/imports/csv_reader.hpp"

#include <algorithm>
#include <array>

namespace rapport::imports {

namespace {

constexpr std::array<char, 4> kSeparators = {',', ';', '\t', '|'};
constexpr std::size_t kSniffRecords = 50;

// The number of fields of each of the sample's first records when split by `sep`, quotes respected.
// The last record is left out unless the sample is the whole file (it may be cut short).
std::vector<std::size_t> field_counts(std::string_view sample, char sep, bool whole_file) {
  std::vector<std::size_t> counts;
  std::size_t fields = 1;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < sample.size() && counts.size() < kSniffRecords; ++i) {
    char c = sample[i];
    if (quoted) {
      if (c == '"') quoted = false;  // a doubled quote reopens at once: same count
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == sep) {
      ++fields;
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (any) counts.push_back(fields);
      fields = 1;
      any = false;
    } else {
      any = true;
    }
  }
  if (whole_file && any && counts.size() < kSniffRecords) counts.push_back(fields);
  return counts;
}

std::string kib(std::size_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

}  // namespace

char sniff_separator(std::string_view sample, bool sample_is_whole_file) {
  char best = ',';
  std::size_t best_agreeing = 0, best_fields = 1;
  for (char sep : kSeparators) {
    auto counts = field_counts(sample, sep, sample_is_whole_file);
    if (counts.empty() || counts[0] < 2) continue;
    // Records with the header's field count; ties go to the split giving more fields, then to the
    // earlier candidate (`,` first).
    auto agreeing = static_cast<std::size_t>(std::count(counts.begin(), counts.end(), counts[0]));
    if (agreeing > best_agreeing || (agreeing == best_agreeing && counts[0] > best_fields)) {
      best = sep;
      best_agreeing = agreeing;
      best_fields = counts[0];
    }
  }
  return best;
}

CsvReader::CsvReader(CsvLimits limits) : limits_(limits) {}

bool CsvReader::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool CsvReader::feed(std::string_view bytes) {
  if (!error_.empty()) return false;
  decoded_.clear();
  if (!decoder_.decode(bytes, decoded_)) return fail(decoder_.error());
  return take_text(decoded_);
}

bool CsvReader::take_text(std::string_view text) {
  if (separator_ != 0) return scan(text);
  sniffed_.append(text);
  if (sniffed_.size() < limits_.sniff_bytes) return true;
  return choose_separator(false);
}

bool CsvReader::choose_separator(bool at_end) {
  std::string text = std::move(sniffed_);
  sniffed_.clear();
  std::string_view view = text;
  // Excel's first line "sep=;" names the separator and is no record.
  auto letter = [&](std::size_t i, char c) { return (view[i] | 0x20) == c; };
  if (view.size() >= 5 && letter(0, 's') && letter(1, 'e') && letter(2, 'p') && view[3] == '=') {
    std::string_view after = view.substr(5);
    if (after.empty() || after[0] == '\n' || after[0] == '\r') {
      separator_ = view[4];
      std::size_t skip = 5 + (after.starts_with("\r\n") ? 2 : after.empty() ? 0 : 1);
      view.remove_prefix(skip);
      scanned_ += skip;
      if (skip > 5) line_ = 2;
      return scan(view);
    }
  }
  // Exactly the first sniff_bytes, however the pieces came: the choice never depends on them.
  separator_ = sniff_separator(view.substr(0, limits_.sniff_bytes), at_end && view.size() <= limits_.sniff_bytes);
  return scan(view);
}

bool CsvReader::finish() {
  if (!error_.empty()) return false;
  decoded_.clear();
  if (!decoder_.finish(decoded_)) return fail(decoder_.error());
  if (!take_text(decoded_)) return false;
  if (separator_ == 0 && !choose_separator(true)) return false;
  switch (state_) {
    case State::Quoted:
    case State::QuotedCr:
      return fail("line " + std::to_string(record_.line) + ": a quoted field is never closed");
    case State::AfterCr:
      return true;
    default:
      return end_record();
  }
}

std::optional<CsvRecord> CsvReader::next() {
  if (ready_.empty()) return std::nullopt;
  CsvRecord r = std::move(ready_.front());
  ready_.pop_front();
  text_read_ = r.end;
  return r;
}

bool CsvReader::end_field() {
  if (record_.fields.size() >= limits_.max_fields)
    return fail("line " + std::to_string(record_.line) + ": more than " + std::to_string(limits_.max_fields) +
                " fields in one record");
  record_bytes_ += field_.size();
  if (record_bytes_ > limits_.max_record_bytes)
    return fail("line " + std::to_string(record_.line) + ": a record longer than " + kib(limits_.max_record_bytes));
  record_.fields.push_back(std::move(field_));
  field_.clear();
  return true;
}

bool CsvReader::end_record() {
  if (record_has_text_) {
    if (!end_field()) return false;
    record_.end = scanned_;
    ready_.push_back(std::move(record_));
  }
  record_ = {};
  field_.clear();
  record_bytes_ = 0;
  record_has_text_ = false;
  state_ = State::FieldStart;
  return true;
}

bool CsvReader::end_value(char c, bool& ended) {
  ended = true;
  if (c == separator_) {
    record_has_text_ = true;
    if (!end_field()) return false;
    state_ = State::FieldStart;
    return true;
  }
  if (c == '\n' || c == '\r') {
    if (!end_record()) return false;
    ++line_;
    if (c == '\r') state_ = State::AfterCr;
    return true;
  }
  ended = false;
  return true;
}

bool CsvReader::scan(std::string_view text) {
  bool ended = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    ++scanned_;
    if (record_.line == 0) record_.line = line_;
    switch (state_) {
      case State::AfterCr:
        state_ = State::FieldStart;
        if (c == '\n') continue;  // CRLF: one line end
        [[fallthrough]];
      case State::FieldStart:
      case State::Unquoted:
        if (!end_value(c, ended)) return false;
        if (ended) break;
        if (c == '"' && std::all_of(field_.begin(), field_.end(), [](char s) { return s == ' '; })) {
          field_.clear();  // spaces before an opening quote
          record_has_text_ = true;
          state_ = State::Quoted;
        } else {
          field_.push_back(c);  // a quote inside an unquoted field is a letter
          record_has_text_ = true;
          state_ = State::Unquoted;
        }
        break;
      case State::QuotedCr:
        state_ = State::Quoted;
        ++line_;
        if (c == '\n') {
          field_.push_back('\n');
          break;
        }
        field_.push_back('\r');
        [[fallthrough]];
      case State::Quoted:
        if (c == '"') {
          state_ = State::QuoteInQuoted;
        } else if (c == '\r') {
          state_ = State::QuotedCr;
        } else {
          if (c == '\n') ++line_;
          field_.push_back(c);
        }
        break;
      case State::QuoteInQuoted:
        if (c == '"') {
          field_.push_back('"');  // a doubled quote
          state_ = State::Quoted;
          break;
        }
        if (!end_value(c, ended)) return false;
        if (!ended && c != ' ') {
          field_.push_back(c);  // text after the closing quote, as Excel reads it
          state_ = State::Unquoted;
        }
        break;
    }
    if (field_.size() > limits_.max_field_bytes)
      return fail("line " + std::to_string(record_.line) + ": a field longer than " + kib(limits_.max_field_bytes) +
                  (state_ == State::Quoted ? " (is a quote opened there never closed?)" : ""));
  }
  return true;
}

CsvFile read_csv(std::string_view bytes, CsvLimits limits) {
  CsvReader reader(limits);
  CsvFile file;
  bool ok = reader.feed(bytes) && reader.finish();
  while (auto r = reader.next()) file.records.push_back(std::move(*r));
  file.encoding = reader.encoding();
  file.separator = reader.separator();
  if (!ok) file.error = reader.error();
  return file;
}

}  // namespace rapport::imports
