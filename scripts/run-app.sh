#!/usr/bin/env bash
# Sets everything up (packages, build, the demo models) and starts AttnScope. Without a display the application says so and runs
# the default preset headless instead. Arguments are passed to the application.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
# The two demo models of SPEC §11 (pinned, checksummed; fetched once): the first start opens
# SmolLM2. Offline, the application still starts; File → Open model… opens any model.
"$root/scripts/fetch-demo-models.sh" ||
    echo "run-app: the demo models were not fetched (offline?); the application starts without them"
exec "$root/build/app/attnscope" "$@"
