// rapport_openapi: prints the API's OpenAPI document (`rapport openapi`) from a program that does not
// hold the web UI, so that the UI's build can generate its API types from it before `rapport` itself
// is linked with the UI (cmake/web.cmake).
//   rapport_openapi [--out FILE]
#include <iostream>
#include <string>
#include <string_view>

#include "app/commands.hpp"
#include "app/modules.hpp"
#include "platform/json_log.hpp"

int main(int argc, char** argv) {
  std::string out;
  if (argc == 3 && std::string_view(argv[1]) == "--out") out = argv[2];
  else if (argc != 1) {
    std::cerr << "usage: rapport_openapi [--out FILE]\n";
    return 2;
  }
  rapport::app::register_modules();
  rapport::json_log::install(stderr);
  try {
    return rapport::app::openapi_command(out);
  } catch (const std::exception& e) {
    std::cerr << "rapport_openapi: " << e.what() << "\n";
    return 1;
  }
}
