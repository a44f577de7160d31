#!/usr/bin/env bash
# Configures and builds Parta into ./build (Release with debug info, Ninja, ccache).
# Usage: tools/setup/build.sh [cmake --build arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."

bash tools/setup/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/parta-ccache}"
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build --parallel "$(nproc)" "$@"
