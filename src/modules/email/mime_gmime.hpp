// What the GMime users (mime_builder.cpp, mime_parser.cpp) share: GMime initialised once per
// process, and GObject references released by unique_ptr. Included only by mime_*.cpp, the files
// built with GMime's include paths (CMakeLists.txt).
#pragma once
#include <gmime/gmime.h>

#include <memory>
#include <mutex>

namespace rapport::email::gmime {

inline void init_once() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct Unref {
  void operator()(void* p) const { g_object_unref(p); }
};
template <class T>
using Ref = std::unique_ptr<T, Unref>;

}  // namespace rapport::email::gmime
