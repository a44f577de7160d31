#!/usr/bin/env bash
# The sync simulation soak: runs parta-sim (tests/sim) on seed after seed for a time budget and
# prints each seed's faults and the seed of any failure, with the command that replays it.
# Not part of the test suite, which runs a bounded number of seeds.
#   bash tools/soak.sh [SECONDS (default 600)] [parta-sim options, e.g. --schools 4 --hours 6]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
bash tools/setup/build.sh --target parta-sim >/dev/null
exec build/tests/parta-sim --seconds "$seconds" --first-seed "${PARTA_SOAK_FIRST_SEED:-$RANDOM}" "$@"
