#!/usr/bin/env bash
# Configures and builds AttnScope into build/ (Release). CI=true turns warnings into errors.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
werror=OFF
if [ "${CI:-}" = "true" ] || [ "${ATTNSCOPE_WERROR:-}" = "ON" ]; then werror=ON; fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DATTNSCOPE_WERROR="$werror" -DATTNSCOPE_BUILD_TESTS=ON -DATTNSCOPE_BUILD_BENCH=ON
cmake --build "$root/build" --parallel "$(nproc)"
