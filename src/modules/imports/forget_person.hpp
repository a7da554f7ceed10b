// What a GDPR erasure of a contact (modules/privacy/erase.cpp) removes from the imports, in the
// erasure's transaction. The stored file of an import is the journal of what it brought in and is
// not redacted in place: a person's row cannot be cut out of a CSV text piece, a vCard or a zipped
// workbook without rewriting the file, and a name split over First/Last columns is not found by a
// search. So an import's whole file is dropped when
//   - the import created or updated the contact (its undo log names the record), or
//   - one of its failed rows, or its file, holds one of the person's values (`keys`: the folded
//     e-mail addresses, phone numbers and full name of privacy::Needles).
// The undo log rows of the contact are deleted (an undo leaves the erased contact alone: the
// before-image of an update holds the person's data), failed rows that hold the person's values
// are deleted (the import's counts stay: they are what happened), and the contact's external ids
// (record_external_ids) go. The import itself (state, counts, file name) stays.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::imports {

struct ImportsForgotten {
  int64_t files_dropped = 0;  // imports whose stored file was dropped
  int64_t rows_removed = 0;   // undo-log and failed rows deleted
  int64_t imports = 0;        // imports that held the person (rows or file)
};

// 409, changing nothing, when an import that holds the person is queued or running (its file is
// still to be read): the erasure is asked again once the import ended. `keys` are case-folded
// (platform/case_fold.hpp); the files are searched the same way, a value cut between two stored
// pieces included. A vCard or XLSX file is read through its reader (quoted-printable, folded lines,
// the workbook's XML), a CSV file as its stored text.
Result<ImportsForgotten> forget_person(db::Connection& c, const std::string& workspace_id, const std::string& contact_id,
                                       const std::vector<std::string>& keys);

// The imports that created or updated the contact, oldest first, for the person's data export
// (GDPR article 15): {"import_id", "file_name", "kind" created|updated, "line", "state", "created_at"}.
struct ImportTouch {
  std::string import_id, file_name, kind, state, created_at;
  int64_t line = 0;
};
std::vector<ImportTouch> imports_of_contact(db::Connection& c, const std::string& workspace_id, const std::string& contact_id);

}  // namespace rapport::imports
