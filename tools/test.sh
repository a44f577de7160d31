#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds, runs every test through CTest.
# Benchmarks and soak runs are not part of it (tools/bench.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup/build.sh
cd build
ctest --output-on-failure --parallel "$(nproc)" --timeout 300
