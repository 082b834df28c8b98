#!/usr/bin/env bash
# Configures and builds AttnScope into build/ (Release). Both README commands call this with the
# same flags, so the second one only checks that everything is up to date (seconds). Warnings in
# project code are errors (the code is warning-free on Debian 12's GCC 12, the supported
# platform); ATTNSCOPE_WERROR=OFF turns that off for other compilers. An existing build/ keeps the
# setting it was configured with unless ATTNSCOPE_WERROR is given.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args=()
if [ -n "${ATTNSCOPE_WERROR:-}" ]; then
    args+=("-DATTNSCOPE_WERROR=${ATTNSCOPE_WERROR}")
elif [ ! -f "$root/build/CMakeCache.txt" ]; then
    args+=("-DATTNSCOPE_WERROR=ON")
fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DATTNSCOPE_BUILD_TESTS=ON -DATTNSCOPE_BUILD_BENCH=ON "${args[@]}"
cmake --build "$root/build" --parallel "$(nproc)"
