// How the administration commands print: a problem as one line on stderr (exit status 1), and rows
// as a table of left-aligned columns, the first row its header.
#pragma once
#include <string>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::app {

int command_failed(const Problem& p);
void print_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace rapport::app
