#include "modules/imports/deal_links.hpp"

#include <boost/json.hpp>

namespace rapport::imports {
namespace json = boost::json;

Cell<std::vector<DealContact>> parse_deal_contacts(std::string_view text) {
  std::vector<DealContact> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    std::size_t end = text.find_first_of(";,", from);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = trim_cell(text.substr(from, end - from));
    from = end + 1;
    if (item.empty()) continue;
    DealContact c;
    if (auto open = item.find('('); open != std::string_view::npos) {
      if (item.back() != ')') return Cell<std::vector<DealContact>>::fail(quote_cell(item) + " is not an e-mail address with its role in parentheses");
      c.role = std::string(trim_cell(item.substr(open + 1, item.size() - open - 2)));
      item = trim_cell(item.substr(0, open));
    }
    if (item.empty() || item.find('@') == std::string_view::npos || item.find(' ') != std::string_view::npos)
      return Cell<std::vector<DealContact>>::fail(quote_cell(item) + " is not an e-mail address");
    c.email = std::string(item);
    out.push_back(std::move(c));
    if (out.size() > kMaxDealContacts)
      return Cell<std::vector<DealContact>>::fail("a deal has at most " + std::to_string(kMaxDealContacts) + " contacts");
  }
  if (out.empty()) return Cell<std::vector<DealContact>>::empty();
  return Cell<std::vector<DealContact>>::of(std::move(out));
}

Cell<std::vector<StageEntry>> parse_stage_history(std::string_view text, DateOrder order, const jobs::TimeZone& zone) {
  using Out = Cell<std::vector<StageEntry>>;
  text = trim_cell(text);
  if (text.empty()) return Out::empty();
  const std::string shape = "a stage history is a JSON array of {\"stage\", \"at\"} entries, oldest first";
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return Out::fail(shape);
  const auto& entries = v.as_array();
  if (entries.size() > kMaxStageEntries) return Out::fail("a stage history has at most " + std::to_string(kMaxStageEntries) + " entries");
  std::vector<StageEntry> out;
  out.reserve(entries.size());
  for (const auto& e : entries) {
    const auto* o = e.if_object();
    const auto* stage = o ? o->if_contains("stage") : nullptr;
    const auto* at = o ? o->if_contains("at") : nullptr;
    if (!stage || !stage->is_string() || trim_cell(stage->as_string()).empty() || !at || !at->is_string()) return Out::fail(shape);
    auto when = convert_datetime(at->as_string(), order, zone);
    if (!when.ok()) return Out::fail("stage " + quote_cell(stage->as_string()) + ": " + when.error);
    if (!when.value) return Out::fail("stage " + quote_cell(stage->as_string()) + " has no date");
    if (!out.empty() && *when.value < out.back().at)
      return Out::fail("stage " + quote_cell(stage->as_string()) + " is dated before the stage it follows (oldest first)");
    out.push_back({std::string(trim_cell(stage->as_string())), std::move(*when.value)});
  }
  if (out.empty()) return Out::empty();
  return Out::of(std::move(out));
}

}  // namespace rapport::imports
