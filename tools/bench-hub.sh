#!/usr/bin/env bash
# A partad hub taking one school day from 1, 10, 50 and 100 attached schools at once over
# loopback: seconds, ops/s applied and the hub's peak memory, which must stay flat as schools
# are added (each session holds a bounded window, never a whole changeset). Not part of the
# test suite.   bash tools/bench-hub.sh [parta-bench-hub options, e.g. --schools 1,20]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup/build.sh --target parta parta-gen partad parta-bench-hub >/dev/null
exec build/tools/parta-bench-hub --tools build/tools --partad build/daemon/partad "$@"
