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
rate_kbit=500 rtt_ms=300
day_before=2025-09-01 day=2025-09-02

bash "$root/tools/setup/build.sh" --target parta parta-gen partad linksim parta-bench-sync >&2
parta=$root/build/tools/parta gen=$root/build/tools/parta-gen partad=$root/build/daemon/partad
linksim=$root/build/tools/linksim bench=$root/build/tools/parta-bench-sync
work=${PARTA_BENCH_DIR:-$(mktemp -d /tmp/parta-bench-sync.XXXXXX)}
mkdir -p "$work"
rm -rf "$work"/{hub,school,before-day,rsync-copy,year} "$work"/*.{log,out,address,invite,conf}

declare -A pids           # name -> pid of a process this script started
declare -A link_target    # link name -> the address it relays to
declare -A link_address   # link name -> the address it listens on
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$keep" = no ] && [ -z "${PARTA_BENCH_DIR:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

say() { echo "bench-sync: $*" >&2; }
die() { echo "bench-sync: $*; logs in $work (run with --keep to keep them)" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v start="$1" -v end="$(now)" 'BEGIN {printf "%.3f", end - start}'; }
wait_until() {  # SECONDS WHAT COMMAND...: runs COMMAND every 0.1 s until it succeeds
  local tries=$(($1 * 10)) what=$2
  shift 2
  for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.1; done
  die "$what did not happen within $((tries / 10)) s"
}
stop() {  # NAME: SIGTERM to the process this script started as NAME, then waits for it
  kill -TERM "${pids[$1]}" 2>/dev/null || true
  wait "${pids[$1]}" 2>/dev/null || true
  unset "pids[$1]"
}

# NAME TARGET [LISTEN]: linksim emulating the link to TARGET, on LISTEN or a free port.
start_link() {
  rm -f "$work/$1.address"
  "$linksim" --listen "${3:-127.0.0.1:0}" --target "$2" --rate-kbit "$rate_kbit" \
    --rtt-ms "$rtt_ms" --ready-file "$work/$1.address" >"$work/$1.out" 2>"$work/$1.log" &
  pids[$1]=$!
  wait_until 10 "linksim $1 listening" test -s "$work/$1.address"
  link_target[$1]=$2
  link_address[$1]=$(cat "$work/$1.address")
}
# NAME: the same link again, counting from zero; a paired school keeps dialling its address.
restart_link() {
  stop "$1"
  start_link "$1" "${link_target[$1]}" "${link_address[$1]}"
}
# NAME: the bytes the stopped link carried, both directions together.
carried() {
  sed -n 's/^linksim: carried \([0-9]*\) bytes client->target, \([0-9]*\) bytes.*/\1 \2/p' \
    "$work/$1.out" | awk 'NF == 2 {print $1 + $2; found = 1} END {exit !found}' ||
    die "linksim $1 printed no byte counts"
}

start_partad() {  # NODE; a school's partad syncs as soon as it starts
  "$partad" --dir "$work/$1" 2>>"$work/$1.log" &
  pids[partad-$1]=$!
  if [ "$1" != hub ]; then
    wait_until 10 "partad's control socket in $1" test -S "$work/$1/partad.sock"
  fi
}
sync_node() {  # NODE: `parta sync`, which joins a session under way, until in step
  "$parta" --dir "$work/$1" sync --timeout 600 >/dev/null || die "parta sync on $1 failed"
}
# NODE FIELD: FIELD of the last session line in NODE's partad log ("sync peer=... FIELD=V ...").
session_field() {
  grep "sync peer=" "$work/$1.log" | tail -1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}
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
  first_ops=$(session_field "$1" ops_sent)
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
{
  echo "use chroot = no"
  echo "[node]"
  echo "  path = $work/rsync-copy"
  echo "  read only = no"
  if [ "$(id -u)" -eq 0 ]; then printf '  uid = root\n  gid = root\n'; fi
} >"$work/rsyncd.conf"
start_rsync_daemon() {  # on a random port; fails if the daemon does not answer there
  local port=$((20000 + RANDOM % 30000))
  rsync --daemon --no-detach --config="$work/rsyncd.conf" --address=127.0.0.1 --port="$port" \
    --log-file="$work/rsyncd.log" &
  pids[rsyncd]=$!
  for _ in $(seq 50); do
    if rsync --list-only "rsync://127.0.0.1:$port/" >/dev/null 2>&1; then
      rsync_port=$port
      return 0
    fi
    kill -0 "${pids[rsyncd]}" 2>/dev/null || break  # the port was taken
    sleep 0.1
  done
  stop rsyncd
  return 1
}
for _ in 1 2 3 4 5; do start_rsync_daemon && break; done
[ -n "${rsync_port:-}" ] || die "the rsync daemon did not start (see $work/rsyncd.log)"
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
