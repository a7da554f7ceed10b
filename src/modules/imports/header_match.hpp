// Columns matched automatically to import targets (targets.hpp), from the file's header row alone:
//  1. the known headers of other CRMs' exports for the object (known_headers.hpp);
//  2. otherwise a target's own name ("job_title", "Job Title", "custom.tier"), or a custom field's
//     name or label ("Tier");
//  3. each single-valued target takes the first column that names it; a later column naming it goes
//     to the target's list twin when it has one (a second e-mail column to `emails`) and is left out
//     otherwise, with a note saying which column took it.
// Pure: the headers and the targets in, one target name per column out (empty: not imported).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "modules/imports/targets.hpp"

namespace rapport::imports {

struct ColumnMatch {
  std::string target;  // empty: the column is not imported
  std::string note;    // why a column that looks meaningful is left out
};

// `taken`: targets that columns outside `headers` fill already (a mapping's), target -> header.
std::vector<ColumnMatch> match_columns(std::string_view object, const std::vector<std::string>& headers,
                                       const std::vector<Target>& targets,
                                       const std::map<std::string, std::string>& taken = {});

// Whether a target takes values from several columns (a list field, a multi-select custom field).
bool takes_many_columns(const Target& t);

}  // namespace rapport::imports
