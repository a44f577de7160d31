#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds, runs every test through CTest, then a
# short libFuzzer run of every fuzz target (tools/fuzz.sh: clang, ASan and UBSan, in
# ./build-fuzz; its seed is fixed, so a run explores the same inputs first every time).
# Benchmarks, soak runs and long fuzzing are not part of it (tools/bench*.sh, tools/soak.sh,
# tools/fuzz.sh SECONDS).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup/build.sh
(cd build && ctest --output-on-failure --parallel "$(nproc)" --timeout 300)
PARTA_FUZZ_SEED=1 bash tools/fuzz.sh 10
