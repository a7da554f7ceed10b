# Sourced by scripts/sanitize.sh and scripts/tsan.sh: the sanitized build directory's configuration,
# a test run whose output is kept, and the verdict from the reports the processes wrote.

# sanitizer_configure DIR FLAGS: a build type of its own, since CMakeLists.txt makes an empty one
# Release, whose -O3 -DNDEBUG would follow these flags (and turn the asserts off).
sanitizer_configure() {
  local dir=$1 flags=$2 link
  link=$(grep -o -- '-fsanitize=[a-z,]*' <<<"$flags")
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
        -DCMAKE_EXE_LINKER_FLAGS="$link" >/dev/null
}

# sanitizer_run NAME COMMAND...: runs it with its output in $logs/NAME.out; a failure sets status=1.
sanitizer_run() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  if "$@" > "$logs/$name.out" 2>&1; then echo "   passed in $((SECONDS - start)) s"
  else echo "   FAILED in $((SECONDS - start)) s (see $logs/$name.out)"; status=1; fi
  grep -E '^\[  (PASSED|FAILED)  \]' "$logs/$name.out" | head -20 | sed 's/^/   /' || true
}

# sanitizer_verdict TOOL PATTERN...: prints the reports under $logs named by the patterns (and sets
# status=1 if there is one), then "TOOL: clean" when the whole run was.
sanitizer_verdict() {
  local tool=$1 reports r
  shift
  local args=()
  for p in "$@"; do args+=(${args:+-o} -name "$p"); done
  reports=$(find "$logs" "${args[@]}" | sort)
  if [ -n "$reports" ]; then
    echo "!! $tool reports:" >&2
    for r in $reports; do echo "--- $r" >&2; head -60 "$r" >&2; done
    status=1
  fi
  [ "$status" = 0 ] && echo "$tool: clean"
  return 0
}
