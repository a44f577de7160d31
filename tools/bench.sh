#!/usr/bin/env bash
# Builds parta-bench-store if needed and runs it: Parta's store beside SQLite (WAL,
# synchronous=FULL) doing the same work, printed as one table. Arguments go to the benchmark
# (--help lists them; --markdown adds the table for the README). Not part of the test suite:
# it takes a minute and writes some 600 MB to a scratch directory under /tmp (or --dir),
# removed afterwards. Build output goes to stderr, so stdout holds only the figures.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bash "${root}/tools/setup/build.sh" --target parta-bench-store >&2
exec "${root}/build/tools/parta-bench-store" "$@"
