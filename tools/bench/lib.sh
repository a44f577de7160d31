# Shell functions the link benchmarks share (bench-sync.sh, bench-materials.sh): processes
# they start and stop, linksim links that count bytes, an rsync daemon, partad nodes.
# Source it after setting:
#   bench_name    prefix of progress lines ("bench-sync")
#   work          scratch directory
#   linksim partad parta   the binaries
#   rate_kbit rtt_ms       the emulated link
# The caller's EXIT trap should call bench_cleanup.

declare -A pids           # name -> pid of a process this script started
declare -A link_target    # link name -> the address it relays to
declare -A link_address   # link name -> the address it listens on

bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

say() { echo "$bench_name: $*" >&2; }
die() { echo "$bench_name: $*; logs in $work (run with --keep to keep them)" >&2; exit 1; }
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

# DIR: an rsync daemon serving DIR as module "node" (writable) on a random free port; sets
# rsync_port. Dies if no port works.
start_rsync_daemon() {
  {
    echo "use chroot = no"
    echo "[node]"
    echo "  path = $1"
    echo "  read only = no"
    if [ "$(id -u)" -eq 0 ]; then printf '  uid = root\n  gid = root\n'; fi
  } >"$work/rsyncd.conf"
  rsync_port=
  for _ in 1 2 3 4 5; do
    local port=$((20000 + RANDOM % 30000))
    rsync --daemon --no-detach --config="$work/rsyncd.conf" --address=127.0.0.1 \
      --port="$port" --log-file="$work/rsyncd.log" &
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
  done
  die "the rsync daemon did not start (see $work/rsyncd.log)"
}
