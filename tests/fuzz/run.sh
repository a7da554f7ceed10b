#!/usr/bin/env bash
# Builds the import parsers' libFuzzer targets with clang (ASan, UBSan) and runs each for N seconds
# (default 60): `csv` (the CSV reader and the date and money converters, imports_fuzz.cpp), `vcard`
# (vcard_fuzz.cpp) and `xlsx` (xlsx_fuzz.cpp); name some to run only those. Each starts from its seed
# corpus (tests/fuzz/corpus/<target>/, committed: real-world oddities) and writes what it finds to
# build/fuzz/corpus-<target>/. A crash leaves its input in build/fuzz/ and exits non-zero.
#   bash tests/fuzz/run.sh 120 vcard xlsx
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv vcard xlsx)
out=build/fuzz
mkdir -p "$out"
command -v clang++ >/dev/null || bash scripts/install-deps.sh
common=(src/modules/imports/{charset,cell}.cpp src/platform/utf8.cpp)
build() {  # name, then its sources and libraries
  local name=$1
  shift
  clang++ -std=c++20 -include tests/fuzz/clang14_compat.hpp -O1 -g -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -Isrc "$@" $(pkg-config --cflags --libs icu-uc icu-i18n) -o "$out/$name"
}
for target in "${targets[@]}"; do
  case $target in
    csv)
      build imports_fuzz tests/fuzz/imports_fuzz.cpp "${common[@]}" src/modules/imports/{csv_reader,convert_date,convert_money}.cpp \
        src/platform/{formats,money,problem,clock,must}.cpp src/platform/jobs/cron.cpp \
        -lphonenumber -lboost_url -lboost_json -lspdlog -lfmt
      fuzzer=imports_fuzz ;;
    vcard)
      build vcard_fuzz tests/fuzz/vcard_fuzz.cpp "${common[@]}" src/modules/imports/{vcard_reader,vcard_text}.cpp
      fuzzer=vcard_fuzz ;;
    xlsx)
      build xlsx_fuzz tests/fuzz/xlsx_fuzz.cpp "${common[@]}" src/modules/imports/{xlsx_reader,xlsx_values}.cpp -lzip -lexpat
      fuzzer=xlsx_fuzz ;;
    *) echo "unknown target $target (csv, vcard, xlsx)" >&2; exit 2 ;;
  esac
  mkdir -p "$out/corpus-$target"
  echo "== $target: $seconds s"
  (cd "$out" && ./"$fuzzer" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
     "corpus-$target" "../../tests/fuzz/corpus/$target")
done
