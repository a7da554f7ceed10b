#!/usr/bin/env bash
# Builds the import parsers' libFuzzer target with clang (ASan, UBSan) and runs it for N seconds
# (default 60) on a corpus seeded with real-world CSV oddities. A crash leaves its input in
# build/fuzz/ and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
out=build/fuzz
mkdir -p "$out/corpus"
src=(tests/fuzz/imports_fuzz.cpp src/modules/imports/{charset,csv_reader,cell,convert_date,convert_money}.cpp
     src/platform/{utf8,formats,money,problem,clock,must}.cpp src/platform/jobs/cron.cpp)
command -v clang++ >/dev/null || bash scripts/install-deps.sh
clang++ -std=c++20 -include tests/fuzz/clang14_compat.hpp -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc "${src[@]}" \
  $(pkg-config --cflags --libs icu-uc icu-i18n) -lphonenumber -lboost_url -lboost_json -lspdlog -lfmt -o "$out/imports_fuzz"
printf 'name,notes\r\n"a, b","x ""y""\nz"\r\n' > "$out/corpus/quoted"
printf 'sep=;\nName;Stra\xdfe\nJ\xfcrgen;5 \x80\n' > "$out/corpus/cp1252"
printf '\xff\xfea\x00\t\x00b\x00\r\x00\n\x00' > "$out/corpus/utf16"
printf '\x05$1,234.50' > "$out/corpus/money"
printf '\x02Tue, 5 Mar 2024 10:22 PM +0100' > "$out/corpus/date"
cd "$out" && ./imports_fuzz -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 corpus
