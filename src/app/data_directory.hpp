// The SQLite data directory: checked before anything is created, then created with the files in it
// readable by Rapport's user only (main() also sets umask 077, for the files SQLite makes itself:
// -wal and -shm take the database file's mode).
#pragma once
#include <optional>
#include <string>

namespace rapport::app {

// Why `dir` cannot serve as a data directory (it is not a directory, or it or the directory it
// would be created in is not writable), or nullopt. Creates nothing.
std::optional<std::string> data_directory_problem(const std::string& dir);
// Creates the directory when missing, mode 0700 (an existing one keeps its mode).
void create_data_directory(const std::string& dir);
// create_data_directory, and <dir>/rapport.db when missing (mode 0600); returns the database's path.
std::string prepare_sqlite_file(const std::string& dir);

}  // namespace rapport::app
