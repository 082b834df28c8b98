#!/usr/bin/env bash
# Sets everything up and starts AttnScope. Without a display the application says so and runs
# the default preset headless instead. Arguments are passed to the application.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
exec "$root/build/app/attnscope" "$@"
