#!/usr/bin/env bash
# Builds Rapport's libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS (default 60),
# from its committed seed corpus (tests/fuzz/corpus/<target>/) plus what earlier runs found
# (build/fuzz/corpus-<target>/). A crash leaves its input in build/fuzz/ and the script exits non-zero;
# minimise it (`build/fuzz/<target>_fuzz -minimize_crash=1 INPUT`) into a regression test beside the
# code it breaks. Each source is compiled once into build/fuzz/obj/ with its header
# dependencies (a ninja file), so a second run only runs.
#   bash scripts/fuzz.sh              # every target, 60 s each
#   bash scripts/fuzz.sh 300 mime csv # two targets, 5 minutes each
#   bash scripts/fuzz.sh --list       # the targets and what each reads
# The test suite runs 20,000 inputs of every target from seed 1 (fuzz_smoke), so that the machinery cannot rot.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A what sources libs
out=${RAPPORT_FUZZ_OUT:-build/fuzz}  # the test suite passes its own build directory
# Sources every target links (small platform units; no database, no server).
base="src/platform/problem.cpp src/platform/utf8.cpp src/platform/must.cpp src/platform/clock.cpp"
base_libs="-lboost_json -lspdlog -lfmt"  # what those need
what[csv]="the CSV reader, charset detection, the date and money converters (imports_fuzz.cpp)"
sources[csv]="tests/fuzz/imports_fuzz.cpp src/modules/imports/charset.cpp src/modules/imports/cell.cpp
  src/modules/imports/csv_reader.cpp src/modules/imports/convert_date.cpp src/modules/imports/convert_money.cpp
  src/platform/formats.cpp src/platform/e164_memo.cpp src/platform/money.cpp src/platform/jobs/cron.cpp"
libs[csv]="-lphonenumber -lboost_url -lboost_json -lspdlog -lfmt"
what[vcard]="the vCard 3/4 reader (vcard_fuzz.cpp)"
sources[vcard]="tests/fuzz/vcard_fuzz.cpp src/modules/imports/charset.cpp src/modules/imports/cell.cpp
  src/modules/imports/vcard_reader.cpp src/modules/imports/vcard_text.cpp"
libs[vcard]=""
what[xlsx]="the XLSX reader (xlsx_fuzz.cpp)"
sources[xlsx]="tests/fuzz/xlsx_fuzz.cpp src/modules/imports/charset.cpp src/modules/imports/cell.cpp
  src/modules/imports/xlsx_reader.cpp src/modules/imports/xlsx_values.cpp"
libs[xlsx]="-lzip -lexpat"
what[records]="a list's query string (filter, sort, limit, cursor) compiled for both engines, and JSON bodies validated (records_fuzz.cpp)"
sources[records]="tests/fuzz/records_fuzz.cpp src/platform/records/list_query.cpp src/platform/records/keyset.cpp
  src/platform/records/validate.cpp src/platform/records/spec.cpp src/platform/records/custom_fields.cpp
  src/platform/records/pattern.cpp src/platform/formats.cpp src/platform/money.cpp src/platform/e164_memo.cpp
  src/platform/ids.cpp src/platform/case_fold.cpp src/platform/identity/securable_objects.cpp"
libs[records]="-lsodium -lboost_json -lboost_url -lre2 -lphonenumber -lspdlog -lfmt"
what[mime]="inbound messages read by GMime, delivery status reports, HTML to text (mime_fuzz.cpp)"
sources[mime]="tests/fuzz/mime_fuzz.cpp src/modules/email/mime_parser.cpp src/modules/email/delivery_status.cpp
  src/modules/email/html_text.cpp src/modules/email/email_record.cpp src/platform/formats.cpp src/platform/e164_memo.cpp"
libs[mime]="$(pkg-config --libs gmime-3.0) -lphonenumber -lboost_url -lboost_json -lspdlog -lfmt"
what[templates]="email templates with merge fields, cron expressions in time zones (templates_fuzz.cpp)"
sources[templates]="tests/fuzz/templates_fuzz.cpp src/modules/email/template_engine.cpp src/modules/email/email_record.cpp
  src/modules/email/html_text.cpp src/platform/http/public_page.cpp src/platform/http/message.cpp src/platform/jobs/cron.cpp"
libs[templates]="-lboost_url"
what[http]="requests through Beast's parser as the server configures it, the target, routing, form and JSON bodies (http_fuzz.cpp)"
sources[http]="tests/fuzz/http_fuzz.cpp src/platform/http/request_target.cpp src/platform/http/router.cpp
  src/platform/http/form_body.cpp src/platform/http/message.cpp"
libs[http]="-lboost_url -lboost_json -lspdlog -lfmt"
what[websocket]="a client's WebSocket frames after the upgrade, through Beast's stream as the server configures it, and the answers to its messages (websocket_fuzz.cpp)"
sources[websocket]="tests/fuzz/websocket_fuzz.cpp src/platform/http/websocket_protocol.cpp"
libs[websocket]=""
what[modules]="the modules' JSON inputs: a segment's filter compiled and run on a migrated SQLite database, a saved view's body (modules_fuzz.cpp)"
sources[modules]="tests/fuzz/modules_fuzz.cpp src/modules/marketing/segment_filter.cpp src/modules/marketing/related_facts.cpp
  src/modules/marketing/tracking_facts.cpp src/modules/privacy/consents.cpp src/modules/privacy/scrub.cpp
  src/modules/customers/contacts.cpp src/modules/customers/companies.cpp src/modules/customers/vcard.cpp
  src/platform/export/content_lines.cpp src/platform/journal.cpp src/platform/identity/team_columns.cpp src/platform/identity/permissions.cpp
  src/platform/records/scope.cpp src/modules/views/view_input.cpp src/platform/db/sqlite_profile.cpp
  src/platform/db/sqlite.cpp src/platform/db/migrations.cpp src/platform/db/migration_steps.cpp src/platform/db/planner_statistics.cpp
  $out/gen/migrations_sqlite.cpp
  src/platform/records/filter_json.cpp src/platform/records/list_query.cpp src/platform/records/keyset.cpp
  src/platform/records/validate.cpp src/platform/records/spec.cpp src/platform/records/custom_fields.cpp
  src/platform/records/pattern.cpp src/platform/formats.cpp src/platform/money.cpp src/platform/e164_memo.cpp
  src/platform/ids.cpp src/platform/case_fold.cpp src/platform/identity/securable_objects.cpp"
libs[modules]="-lsqlite3 -lsodium -lboost_json -lboost_url -lre2 -lphonenumber -lspdlog -lfmt"
targets_all=(csv vcard xlsx records mime templates http websocket modules)

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then usage; exit 0; fi
if [ "${1:-}" = "--list" ]; then
  for t in "${targets_all[@]}"; do printf '%-8s %s\n' "$t" "${what[$t]}"; done
  exit 0
fi
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${targets_all[@]}")
for t in "${targets[@]}"; do
  [ -n "${what[$t]:-}" ] || { echo "unknown target $t (bash scripts/fuzz.sh --list)" >&2; exit 2; }
done

command -v clang++ >/dev/null || bash scripts/install-deps.sh
root=$(pwd)
mkdir -p "$out"
# The SQLite migrations as the server embeds them (CMakeLists.txt), for the targets that migrate a database.
if [[ " ${targets[*]} " == *" modules "* ]]; then
  cmake -DOUT="$out/gen/migrations_sqlite.cpp" -DDIR="$root/migrations/sqlite" -DFUNCTION=embedded_migrations \
        -P cmake/embed_migrations.cmake
fi
# A ninja file for the chosen targets: each source compiled once (with its header dependencies), so a
# second run only runs; through ccache where it is installed (scripts/install-deps.sh installs it), so
# that a fresh build directory, such as the test suite's, compiles only what changed since the last.
# The paths are relative to the project's root, where ninja runs.
compiler=clang++
command -v ccache >/dev/null && compiler="ccache clang++"
{
  echo "builddir = $out"
  echo "cxxflags = -std=c++20 -include tests/fuzz/clang14_compat.hpp -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -Isrc $(pkg-config --cflags icu-uc icu-i18n gmime-3.0)"
  echo "rule cxx"
  echo "  command = $compiler \$cxxflags -MMD -MF \$out.d -c \$in -o \$out"
  echo "  depfile = \$out.d"
  echo "  deps = gcc"
  echo "rule link"
  echo "  command = clang++ -fsanitize=fuzzer,address,undefined \$in $(pkg-config --libs icu-uc icu-i18n) \$libs $base_libs -o \$out"
  # shellcheck disable=SC2086
  for s in $(printf '%s\n' $base $(for t in "${targets[@]}"; do echo ${sources[$t]}; done) | sort -u); do
    echo "build $out/obj/${s%.cpp}.o: cxx $s"
  done
  for t in "${targets[@]}"; do
    objs=""
    for s in $base ${sources[$t]}; do objs+=" $out/obj/${s%.cpp}.o"; done
    echo "build $out/${t}_fuzz: link$objs"
    echo "  libs = ${libs[$t]}"
  done
} > "$out/fuzz.ninja"
ninja -f "$out/fuzz.ninja" $(for t in "${targets[@]}"; do echo "$out/${t}_fuzz"; done)

status=0
for t in "${targets[@]}"; do
  mkdir -p "$out/corpus-$t" "tests/fuzz/corpus/$t"
  echo "== $t: $seconds s (${what[$t]})"
  # RAPPORT_FUZZ_RUNS=N (the suite's smoke run): N inputs from seed 1 instead of SECONDS, so that the
  # run is the same on every machine (a time bound explores more on a faster one).
  bound=(-max_total_time="$seconds")
  [ -n "${RAPPORT_FUZZ_RUNS:-}" ] && bound=(-runs="$RAPPORT_FUZZ_RUNS" -seed=1)
  if ! (cd "$out" && ./"${t}_fuzz" "${bound[@]}" -max_len=4096 -print_final_stats=1 \
          -artifact_prefix="./${t}-" "corpus-$t" "$root/tests/fuzz/corpus/$t" 2>&1 | tee "${t}.log" | grep -E '^(stat::|==|INFO: Seed|#[0-9]+ +DONE)|ERROR|SUMMARY'); then
    :
  fi
  if ! grep -q "Done [0-9]* runs" "$out/${t}.log"; then
    echo "!! $t: the fuzzer stopped on a finding: $out/${t}.log, input $out/${t}-*" >&2
    status=1
  fi
done
exit "$status"
