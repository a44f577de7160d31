#!/usr/bin/env bash
# The task-materials benchmark of issue 7; never part of the test suite. Through linksim at
# 500 kbit/s with a 300 ms round trip, a school attaches a 2 MB PDF and a 300 KB image set to
# a task and syncs with its hub (real partad processes); then one page of the PDF changes and
# it syncs again. rsync -az of the same files over the same link is the baseline for both.
# During the first transfer a teacher records a mark, and the table says how long it took to
# reach the hub. Prints one table (stdout); progress goes to stderr. About a minute.
#   bench-materials.sh [--keep]
#   PARTA_BENCH_DIR  scratch directory, kept (default: a new one under /tmp, removed unless
#                    --keep)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keep=no
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=yes ;;
    *) echo "usage: bench-materials.sh [--keep]" >&2; exit 2 ;;
  esac
  shift
done

bench_name=bench-materials rate_kbit=500 rtt_ms=300
bash "$root/tools/setup/build.sh" --target parta partad linksim >&2
parta=$root/build/tools/parta partad=$root/build/daemon/partad linksim=$root/build/tools/linksim
work=${PARTA_BENCH_DIR:-$(mktemp -d /tmp/parta-bench-materials.XXXXXX)}
mkdir -p "$work"
rm -rf "$work"/{hub,school,files,rsync-copy} "$work"/*.{log,out,address,invite,conf}
# shellcheck source=tools/bench/lib.sh
source "$root/tools/bench/lib.sh"
cleanup() {
  bench_cleanup
  if [ "$keep" = no ] && [ -z "${PARTA_BENCH_DIR:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
p() { "$parta" --dir "$work/$1" "${@:2}"; }
results_at_hub() { p hub list results --json | grep -c '"student_id"' || true; }

# ---- The files: incompressible, as a PDF's compressed streams and PNG images are ----
mkdir -p "$work/files" "$work/revised"
pdf="Контурные карты 7Б.pdf"
head -c 2000000 /dev/urandom >"$work/files/$pdf"
for i in 1 2 3; do head -c 100000 /dev/urandom >"$work/files/рисунок-$i.png"; done
# One page changes (a 30 KB content stream) and so does the cross-reference table at the end.
cp "$work/files/$pdf" "$work/revised/$pdf"
head -c 30000 /dev/urandom | dd of="$work/revised/$pdf" bs=1 seek=1000000 conv=notrunc status=none
head -c 2000 /dev/urandom | dd of="$work/revised/$pdf" bs=1 seek=1998000 conv=notrunc status=none

# ---- A hub and a school in step, the school behind the link ----
say "a hub and a school, paired through linksim ($rate_kbit kbit/s, $rtt_ms ms)"
p hub init --name "Опорная школа" --role hub --listen 127.0.0.1:0 >/dev/null
p school init --name "Школа" --role school >/dev/null
sed -i 's/^interval_seconds = .*/interval_seconds = 86400/' "$work/school/parta.toml"
printf 'Фамилия;Имя;Класс;Дата рождения;Согласие\nЁлкина;Майя;7Б;01.02.2013;01.09.2026\n' \
  >"$work/roster.csv"
p school roster import "$work/roster.csv" >/dev/null
assignment=$(p school assignment add --group 7Б --subject География --title "Контурные карты" \
  --due 2026-12-01 | head -1)
student=$(p school list students --json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -1)
start_partad hub
wait_until 10 "the hub listening" grep -q "listening for schools on" "$work/hub.log"
hub_address=$(sed -n 's/.*listening for schools on \([0-9.:]*\).*/\1/p' "$work/hub.log")
start_link link "$hub_address"
p hub invite --address "${link_address[link]}" --out "$work/school.invite" >/dev/null
p school pair "$work/school.invite" >/dev/null
start_partad school
sync_node school

# ---- Parta: the first transfer, with a mark written during it ----
say "Parta: a 2 MB PDF and three 100 KB images, a mark recorded 3 s into the upload"
restart_link link
p school material add "$work/files/"* --assignment "$assignment" >/dev/null
marks_before=$(results_at_hub)
started=$(now)
sync_node school &
syncing=$!
sleep 3
written=$(now)
p school result record --student "$student" --assignment "$assignment" --score 5 \
  --review "Отлично" >/dev/null
mark_arrived() { [ "$(results_at_hub)" -gt "$marks_before" ]; }
wait_until 120 "the mark reaching the hub" mark_arrived
mark_seconds=$(since "$written")
wait "$syncing" || die "the first sync failed"
first_seconds=$(since "$started")
stop link
first_bytes=$(carried link)
p hub material get --assignment "$assignment" --out "$work/hub-files" >/dev/null
cmp -s "$work/hub-files/$pdf" "$work/files/$pdf" || die "the hub's copy of the PDF differs"

# ---- Parta: the revision ----
say "Parta: one page of the PDF revised"
start_link link "$hub_address" "${link_address[link]}"
p school material add "$work/revised/$pdf" --assignment "$assignment" >/dev/null
started=$(now)
sync_node school
revision_seconds=$(since "$started")
stop link
revision_bytes=$(carried link)
rm -rf "$work/hub-files"
p hub material get --assignment "$assignment" --out "$work/hub-files" >/dev/null
cmp -s "$work/hub-files/$pdf" "$work/revised/$pdf" || die "the hub's revised PDF differs"
stop partad-school
stop partad-hub

# ---- rsync -az of the same files over the same link ----
say "rsync -az: the same files, then the revised PDF"
mkdir -p "$work/rsync-copy"
start_rsync_daemon "$work/rsync-copy"
start_link link-rsync "127.0.0.1:$rsync_port"
started=$(now)
rsync -az "$work/files/" "rsync://${link_address[link-rsync]}/node/" || die "rsync failed"
rsync_first_seconds=$(since "$started")
stop link-rsync
rsync_first_bytes=$(carried link-rsync)
cp "$work/revised/$pdf" "$work/files/$pdf"
start_link link-rsync "127.0.0.1:$rsync_port" "${link_address[link-rsync]}"
started=$(now)
rsync -az "$work/files/" "rsync://${link_address[link-rsync]}/node/" || die "rsync failed"
rsync_revision_seconds=$(since "$started")
stop link-rsync
rsync_revision_bytes=$(carried link-rsync)
stop rsyncd
cmp -s "$work/rsync-copy/$pdf" "$work/revised/$pdf" || die "rsync's copy of the PDF differs"

# ---- The table ----
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v ok="$1" 'BEGIN {print (ok ? "pass" : "FAIL")}'; }
echo "Task materials through linksim ($rate_kbit kbit/s, $rtt_ms ms round trip)"
echo "files: a 2,000,000-byte PDF and three 100,000-byte images, incompressible; the revision"
echo "changes 30,000 bytes in the middle of the PDF and 2,000 at its end"
echo "machine: $(date +%F), $(nproc) processors, $(uname -sr)"
echo
printf '%-38s %12s %8s %12s %8s %12s\n' "" "Parta bytes" seconds "rsync bytes" seconds \
  "Parta/rsync"
printf '%-38s %12s %8s %12s %8s %12s\n' "first transfer (2.3 MB)" "$first_bytes" \
  "$first_seconds" "$rsync_first_bytes" "$rsync_first_seconds" \
  "$(ratio "$first_bytes" "$rsync_first_bytes")"
printf '%-38s %12s %8s %12s %8s %12s\n' "revision (one page of the PDF)" "$revision_bytes" \
  "$revision_seconds" "$rsync_revision_bytes" "$rsync_revision_seconds" \
  "$(ratio "$revision_bytes" "$rsync_revision_bytes")"
echo
echo "Targets (issue 7):"
echo "  $(verdict "$(awk -v a="$revision_bytes" -v b="$rsync_revision_bytes" 'BEGIN {print a <= 1.2 * b}')")  the revision costs at most 1.2x what rsync sends: $(ratio "$revision_bytes" "$rsync_revision_bytes")x"
echo "  $(verdict "$(awk -v s="$mark_seconds" 'BEGIN {print s < 2}')")  a mark written during the first transfer reaches the hub in under 2 s: ${mark_seconds} s (polled every 0.1 s)"
