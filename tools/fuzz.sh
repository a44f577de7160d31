#!/usr/bin/env bash
# Runs each libFuzzer target for a while (default 60 s each), built with clang and ASan/UBSan
# in ./build-fuzz. New inputs go to build-fuzz/corpus/<target>/ (seeded from
# tests/fuzz/corpus/); a crash is saved in build-fuzz/findings/. Copy a finding into
# tests/fuzz/corpus/<target>/ once fixed, so every test run replays it.
#   tools/fuzz.sh [seconds per target] [target...]
#   PARTA_FUZZ_SEED  libFuzzer's -seed (default: a new one each run); the test suite fixes it.
# Exits non-zero at the first finding.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(roster_csv record_merge changeset channel invite session task_markdown
  material_pack qr_payload image_decode)

bash tools/setup/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/parta-ccache}"
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPARTA_FUZZERS=ON -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
fi
cmake --build build-fuzz --target "${targets[@]/#/fuzz_}"
mkdir -p build-fuzz/findings
# Leaks inside system libraries (their own, not ours) are listed in tests/fuzz/lsan.supp.
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
for target in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$target"
  cp -n "tests/fuzz/corpus/$target/"* "build-fuzz/corpus/$target/" 2>/dev/null || true
  echo "== fuzz_$target for ${seconds}s"
  "build-fuzz/tests/fuzz_$target" -max_total_time="$seconds" -max_len=65536 \
    ${PARTA_FUZZ_SEED:+-seed="$PARTA_FUZZ_SEED"} \
    -artifact_prefix="build-fuzz/findings/$target-" "build-fuzz/corpus/$target"
done
