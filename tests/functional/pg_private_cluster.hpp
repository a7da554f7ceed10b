// A PostgreSQL cluster of a test's own (scripts/pg-cluster.sh), for tests that stop, pause or
// disturb their database: doing that to the shared test cluster would break the other tests.
#pragma once
#include <cstdio>
#include <string>

#include "fixture.hpp"
#include "build_paths.hpp"

namespace rapport::testing {

// A shell command's standard output, without its trailing newline.
inline std::string sh(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

inline bool postgres_installed() { return std::system("test -x /usr/lib/postgresql/15/bin/pg_ctl") == 0; }

struct PrivateCluster {
  std::string dir = make_temp_dir("rapport-outage-");
  std::string script = std::string(source_dir()) + "/scripts/pg-cluster.sh";
  std::string url = sh("bash " + script + " start " + dir);
  ~PrivateCluster() { sh("bash " + script + " stop " + dir); }
  void pause() { sh("bash " + script + " pause " + dir); }
  void resume() { sh("bash " + script + " resume " + dir); }
};

}  // namespace rapport::testing
