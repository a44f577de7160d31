#!/usr/bin/env bash
# Retrains the zstd dictionary changeset batches are compressed with (docs/changeset-format.md
# "Dictionary"): builds parta, parta-gen and parta-train-dict, fills a scratch node with a
# school year from parta-gen (seed 1, about 30 s), trains on its ops and writes
#   sync/dict/changeset-v2.zdict                the dictionary, kept in the repository
#   sync/src/changeset_dictionary_data.cpp      the same bytes as C++, built into parta_sync
# then rebuilds parta-train-dict, reports how the new dictionary does on a different school
# (seed 2, one day; once in the batches of 2000 ops sync sends, once in the training cuts) and
# writes the changeset fuzz corpus seeds (tests/fuzz/corpus/changeset) from that school's ops
# for the new dictionary. A new dictionary has a new id, and a node refuses batches whose
# dictionary it lacks: replace it only in a release that all nodes take (see the document).
#   PARTA_TRAIN_DIR  scratch directory (default: a new one under /tmp, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup/build.sh --target parta parta-gen parta-train-dict >/dev/null
scratch=${PARTA_TRAIN_DIR:-$(mktemp -d /tmp/parta-train-dict.XXXXXX)}
[ -n "${PARTA_TRAIN_DIR:-}" ] || trap 'rm -rf "$scratch"' EXIT
rm -rf "$scratch/year" "$scratch/day"

echo "== a school year (parta-gen --seed 1 --size year) in $scratch/year"
build/tools/parta --dir "$scratch/year" init --name "Training school" >/dev/null
build/tools/parta-gen --seed 1 --size year --fill "$scratch/year" | grep -E '^(ops|seconds)'

echo "== training"
build/tools/parta-train-dict --node "$scratch/year" --out sync/dict/changeset-v2.zdict \
  --emit-cpp sync/src/changeset_dictionary_data.cpp

echo "== the new dictionary on another school's day (parta-gen --seed 2 --size day)"
bash tools/setup/build.sh --target parta-train-dict >/dev/null
build/tools/parta --dir "$scratch/day" init --name "Measured school" >/dev/null
build/tools/parta-gen --seed 2 --size day --fill "$scratch/day" >/dev/null
build/tools/parta-train-dict --node "$scratch/day" --measure --batch-ops 2000
build/tools/parta-train-dict --node "$scratch/day" --measure
build/tools/parta-train-dict --node "$scratch/day" --fuzz-seeds tests/fuzz/corpus/changeset
