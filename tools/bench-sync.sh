#!/usr/bin/env bash
# The side-by-side wire benchmark of issue 5; never part of the test suite. One school day
# crosses a 500 kbit/s link with a 300 ms round trip (linksim) four ways, and one table
# compares them (README, "Sync beside Morango and rsync"):
#   Parta     a hub and a school as real partad processes; `parta sync` after the day
#   Morango   the records the day changed as Morango buffer rows, 500 a chunk over HTTP:
#             pushed gzipped, pulled as plain JSON (tools/bench/sync, parta-bench-sync)
#   rsync     the school's node directory after the day, `rsync -az` to an rsync daemon
#             holding the directory as it was before the day
#   floor     2.5 round trips plus Parta's payload at the link rate
# "The day" is parta-gen's `day` data for 2025-09-02 written into a school that holds
# 2025-09-01 already (roster included) and is in step with its hub, so each way moves only
# what the day changed. With --year it also times a whole `year` school's first sync (a minute
# more). Takes about a minute; build output and progress go to stderr, the table to stdout.
#   bench-sync.sh [--markdown] [--seed N] [--year] [--keep]
#   PARTA_BENCH_DIR  scratch directory, kept (default: a new one under /tmp, removed unless
#                    --keep)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

markdown=() seed=2026 year=no keep=no
while [ $# -gt 0 ]; do
  case "$1" in
    --markdown) markdown=(--markdown) ;;
    --seed) seed=${2:?--seed needs a number}; shift ;;
    --year) year=yes ;;
    --keep) keep=yes ;;
    *) echo "usage: bench-sync.sh [--markdown] [--seed N] [--year] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
bench_name=bench-sync rate_kbit=500 rtt_ms=300
day_before=2025-09-01 day=2025-09-02

bash "$root/tools/setup/build.sh" --target parta parta-gen partad linksim parta-bench-sync >&2
parta=$root/build/tools/parta gen=$root/build/tools/parta-gen partad=$root/build/daemon/partad
linksim=$root/build/tools/linksim bench=$root/build/tools/parta-bench-sync
work=${PARTA_BENCH_DIR:-$(mktemp -d /tmp/parta-bench-sync.XXXXXX)}
mkdir -p "$work"
rm -rf "$work"/{hub,school,before-day,rsync-copy,year} "$work"/*.{log,out,address,invite,conf}

# shellcheck source=tools/bench/lib.sh
source "$root/tools/bench/lib.sh"
cleanup() {
  bench_cleanup
  if [ "$keep" = no ] && [ -z "${PARTA_BENCH_DIR:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

results_of() { "$parta" --dir "$work/$1" list results --json | grep -c '"student_id"' || true; }
# NODE LINK: pairs school NODE with the hub through LINK, starts its partad, which syncs at
# once, and waits until it is in step. Sets first_ops, first_bytes (what LINK carried, the
# pairing left out) and first_seconds (from partad's start).
first_sync() {
  "$parta" --dir "$work/hub" invite --address "${link_address[$2]}" --out "$work/$1.invite" \
    >/dev/null
  "$parta" --dir "$work/$1" pair "$work/$1.invite" >/dev/null
  restart_link "$2"
  local started
  started=$(now)
  start_partad "$1"
  sync_node "$1"
  first_seconds=$(since "$started")
  stop "$2"
  first_bytes=$(carried "$2")
  # partad's first session carried the ops; the `parta sync` that joined it waits for the
  # next one, which has nothing to send.
  first_ops=$(grep "sync peer=" "$work/$1.log" | tr ' ' '\n' | sed -n 's/^ops_sent=//p' |
    sort -n | tail -1)
}

# ---- Parta: a hub, and a school that holds the day before ----
say "a hub, and a school holding $day_before (parta-gen --seed $seed --size day)"
"$parta" --dir "$work/hub" init --name "Опорная школа" --role hub --listen 127.0.0.1:0 >/dev/null
"$parta" --dir "$work/school" init --name "Школа" --role school >/dev/null
# The school syncs only when asked, so each session below is one the script started.
sed -i 's/^interval_seconds = .*/interval_seconds = 86400/' "$work/school/parta.toml"
grep -q '^interval_seconds = 86400$' "$work/school/parta.toml" ||
  die "parta.toml has no interval_seconds line to set"
"$gen" --seed "$seed" --size day --start-date "$day_before" --fill "$work/school" >/dev/null
start_partad hub
wait_until 10 "the hub listening" grep -q "listening for schools on" "$work/hub.log"
hub_address=$(sed -n 's/.*listening for schools on \([0-9.:]*\).*/\1/p' "$work/hub.log")
start_link link-parta "$hub_address"
first_sync school link-parta
day_first=(--first-ops "$first_ops" --first-bytes "$first_bytes" --first-seconds "$first_seconds")

# The far side's copy before the day, for rsync and for Morango's "what changed": the school
# in step with its hub, copied while its partad is stopped, so the files are at rest.
stop partad-school
cp -a "$work/school" "$work/before-day"
cp -a "$work/school" "$work/rsync-copy"
start_link link-parta "$hub_address" "${link_address[link-parta]}"
start_partad school
sync_node school  # partad syncs as it starts; nothing is waiting
restart_link link-parta

results_before=$(results_of school)
"$gen" --seed "$seed" --size day --start-date "$day" --fill "$work/school" >/dev/null
results=$(($(results_of school) - results_before))
say "the day, $day ($results results): parta sync through the link"
started=$(now)
sync_node school
parta_seconds=$(since "$started")
stop link-parta
parta_bytes=$(carried link-parta)
payload_bytes=$(session_field school bytes_sent)
partad_seconds=$(session_field school seconds)
day_ops=$(session_field school ops_sent)
stop partad-school

# ---- Baseline A: Morango's buffer rows over HTTP ----
say "Morango: the records the day changed as buffer rows, pushed, then pulled"
"$bench" morango-server --node "$work/school" --since "$work/before-day" --listen 127.0.0.1:0 \
  --ready-file "$work/morango.address" >"$work/morango.out" 2>"$work/morango.log" &
pids[morango]=$!
wait_until 30 "the Morango server listening" test -s "$work/morango.address"
declare -A morango_bytes morango_seconds
for way in push pull; do
  start_link "link-$way" "$(cat "$work/morango.address")"
  "$bench" morango-client --node "$work/school" --since "$work/before-day" --way "$way" \
    --server "${link_address[link-$way]}" >"$work/morango-$way.out" ||
    die "the Morango $way failed"
  stop "link-$way"
  morango_bytes[$way]=$(carried "link-$way")
  morango_seconds[$way]=$(sed -n 's/.* seconds=\([0-9.]*\)$/\1/p' "$work/morango-$way.out")
done
rows=$(sed -n 's/.* rows=\([0-9]*\) .*/\1/p' "$work/morango-push.out")
stop morango

# ---- Baseline B: rsync of the node directory ----
say "rsync: the school's directory to a daemon holding it as it was before the day"
start_rsync_daemon "$work/rsync-copy"
start_link link-rsync "127.0.0.1:$rsync_port"
started=$(now)
rsync -az "$work/school/" "rsync://${link_address[link-rsync]}/node/" ||
  die "rsync through the link failed"
rsync_seconds=$(since "$started")
stop link-rsync
rsync_bytes=$(carried link-rsync)
stop rsyncd
cmp -s "$work/school/data.mdb" "$work/rsync-copy/data.mdb" ||
  die "after rsync the copy's data.mdb differs from the school's"

# ---- --year: a whole school's first sync ----
year_figures=()
if [ "$year" = yes ]; then
  say "a year school (parta-gen --seed $seed --size year): fill, pair, first sync"
  "$parta" --dir "$work/year" init --name "Школа за год" --role school >/dev/null
  "$gen" --seed "$seed" --size year --fill "$work/year" >/dev/null
  start_link link-year "$hub_address"
  first_sync year link-year
  year_figures=(--year-ops "$first_ops" --year-bytes "$first_bytes" --year-seconds "$first_seconds")
  stop partad-year
fi
stop partad-hub

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
"$bench" table "${markdown[@]}" --rate-kbit "$rate_kbit" --rtt-ms "$rtt_ms" \
  --parta-bytes "$parta_bytes" --parta-seconds "$parta_seconds" \
  --partad-seconds "$partad_seconds" --payload-bytes "$payload_bytes" \
  --push-bytes "${morango_bytes[push]}" --push-seconds "${morango_seconds[push]}" \
  --pull-bytes "${morango_bytes[pull]}" --pull-seconds "${morango_seconds[pull]}" \
  --rsync-bytes "$rsync_bytes" --rsync-seconds "$rsync_seconds" --results "$results" \
  "${day_first[@]}" "${year_figures[@]}" \
  --workload "parta-gen --seed $seed --size day for $day, written into a school that holds \
$day_before and is in step with its hub: $day_ops ops, $rows records changed, $results results" \
  --machine "$(date +%F), $(nproc) processors (${cpu:-model unknown}), $(uname -sr)"
