#!/bin/sh
# Builds the fuzz preset (clang, libFuzzer + ASan + UBSan) and runs each target for SECONDS
# (default 60) on its corpus in tests/fuzz/corpus/<name>. Fails on the first crash, leak,
# timeout or sanitizer report; libFuzzer writes the input as crash-*/leak-*/timeout-* in the
# current directory.
set -eu
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake --preset fuzz
cmake --build --preset fuzz -j2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in csv einsum shape pipeline_json; do
    echo "fuzz_$name: ${seconds} s"
    # New inputs go to a scratch copy so the corpus in the repository stays small.
    mkdir -p "$work/$name"
    cp "tests/fuzz/corpus/$name/"* "$work/$name/"
    "build/fuzz/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 "$work/$name"
done
