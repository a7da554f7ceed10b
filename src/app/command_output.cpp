#include "app/command_output.hpp"

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace rapport::app {

int command_failed(const Problem& p) {
  std::cerr << "rapport: ";
  if (p.errors.empty()) std::cerr << p.detail;
  for (std::size_t i = 0; i < p.errors.size(); ++i) std::cerr << (i ? "; " : "") << p.errors[i].message;
  std::cerr << "\n";
  return 1;
}

void print_table(const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) return;
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], r[i].size());
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i)
      std::cout << std::left << std::setw(i + 1 < r.size() ? static_cast<int>(width[i] + 2) : 0) << r[i];
    std::cout << "\n";
  }
}

}  // namespace rapport::app
