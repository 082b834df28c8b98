#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang-14, ASan + UBSan) in build-fuzz/ and runs
# each for DURATION seconds (default 60), two at a time, at low priority.
#   scripts/run-fuzzers.sh [DURATION] [TARGET...]   targets: fuzz_npy fuzz_npz fuzz_safetensors fuzz_pt fuzz_gguf
# The committed seeds in tests/fuzz/corpus/<target>/ are copied to build-fuzz/corpus/<target>/,
# where the corpus grows; crashes land in build-fuzz/crashes/<target>/ and logs in
# build-fuzz/logs/. Exits 1 when a target found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(fuzz_npy fuzz_npz fuzz_safetensors fuzz_pt fuzz_gguf)

# libFuzzer ships in Debian's compiler-rt package, which the normal build does not need.
if ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
   ! command -v clang++-14 >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev
fi

CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DATTNSCOPE_BUILD_FUZZERS=ON -DATTNSCOPE_BUILD_TESTS=OFF -DATTNSCOPE_BUILD_BENCH=OFF \
    -DATTNSCOPE_NATIVE=OFF >/dev/null
nice -n 15 cmake --build build-fuzz -j2 --target "${TARGETS[@]}"

mkdir -p build-fuzz/logs
run() {
    local t=$1
    mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t"
    cp -n tests/fuzz/corpus/"$t"/* "build-fuzz/corpus/$t/" 2>/dev/null || true
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    nice -n 15 "build-fuzz/tests/fuzz/$t" -max_total_time="$DURATION" -rss_limit_mb=2048 \
        -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="build-fuzz/crashes/$t/" "build-fuzz/corpus/$t" \
        >"build-fuzz/logs/$t.log" 2>&1
}
status=0
pids=()
names=()
for t in "${TARGETS[@]}"; do
    run "$t" & pids+=($!); names+=("$t")
    if [ ${#pids[@]} -eq 2 ]; then
        for i in 0 1; do wait "${pids[$i]}" || { echo "${names[$i]}: FAILED"; status=1; }; done
        pids=(); names=()
    fi
done
for i in "${!pids[@]}"; do wait "${pids[$i]}" || { echo "${names[$i]}: FAILED"; status=1; }; done

for t in "${TARGETS[@]}"; do
    log="build-fuzz/logs/$t.log"
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
    crashes=$(find "build-fuzz/crashes/$t" -type f | wc -l)
    corpus=$(find "build-fuzz/corpus/$t" -type f | wc -l)
    printf '%-18s executions %-10s coverage %-6s features %-7s corpus %-6s crashes %s\n' \
        "$t" "$execs" "$cov" "$ft" "$corpus" "$crashes"
done
exit $status
