#!/usr/bin/env bash
# The paper benchmark of issue 6; never part of the test suite. A class set of 30 packets is
# exported with `parta export`, its pages are rasterized at 150 dpi as a sheet-fed scanner
# would give them (one PNG per page, bubbles filled on the answer sheets), and
# `parta paper scan` reads them back twice: the PNG pages, and the exported PDF itself
# (rendered in-process by poppler at 150 dpi). For each it prints pages, wall and CPU seconds,
# pages/s (by wall time) and the peak memory (max RSS) of the scan. The scan-back goal: at
# least 5 pages/s.
#   bench-paper.sh [--students N] [--keep]
#   PARTA_BIN        the parta binary to time (default: build it into ./build)
#   PARTA_BENCH_DIR  scratch directory, kept (default: a new one under /tmp, removed unless
#                    --keep)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

students=30 keep=no
while [ $# -gt 0 ]; do
  case "$1" in
    --students) students=${2:?--students needs a number}; shift ;;
    --keep) keep=yes ;;
    *) echo "usage: bench-paper.sh [--students N] [--keep]" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "${PARTA_BIN:-}" ]; then
  bash "$root/tools/setup/build.sh" --target parta >&2
  PARTA_BIN=$root/build/tools/parta
fi
work=${PARTA_BENCH_DIR:-$(mktemp -d /tmp/parta-bench-paper.XXXXXX)}
mkdir -p "$work"
if [ "$keep" = no ] && [ -z "${PARTA_BENCH_DIR:-}" ]; then trap 'rm -rf "$work"' EXIT; fi
rm -rf "$work"/{node,pages,set.pdf,*.out,*.time}
parta() { "$PARTA_BIN" --dir "$work/node" "$@"; }

echo "bench-paper: exporting $students packets in $work" >&2
parta init --name "МБОУ «СОШ №3»" --role school >/dev/null
{
  echo "Фамилия;Имя;Класс;Дата рождения"
  for i in $(seq 1 "$students"); do echo "Ученик$i;Пётр;5А;01.03.2015"; done
} >"$work/roster.csv"
parta roster import "$work/roster.csv" >/dev/null
cat >"$work/task.md" <<'TASK'
Реши задачи и отметь ответы в бланке.

1. Сколько будет 1/4 + 2/4?
   - ( ) 3/8
   - (x) 3/4
   - ( ) 1/2
2. Какие дроби равны 1/2?
   - (x) 2/4
   - ( ) 2/3
   - (x) 3/6
   - ( ) 1/3
3. Сколько будет 5/9 − 2/9?
   - ( ) 3/0
   - (x) 1/3
   - ( ) 7/9
4. Вычисли и запиши решение: 3/7 + 2/7.
TASK
assignment=$(parta assignment add --group 5А --subject Математика --title Дроби \
  --issued 2026-11-20 --due 2026-11-27 --body-file "$work/task.md" | head -1)
parta export --assignment "$assignment" --out "$work/set.pdf" >/dev/null

# Every packet page at 150 dpi, then the answer sheets (page 3 of each 4-page packet) with
# bubbles filled, as a student would.
pdf_pages=$(pdfinfo "$work/set.pdf" | awk '/^Pages:/ {print $2}')
packet_pages=$((students * 4))
mkdir -p "$work/pages"
pdftoppm -r 150 -png -l "$packet_pages" "$work/set.pdf" "$work/pages/page"
for sheet in $(seq 3 4 "$packet_pages"); do
  file=$(printf '%s/pages/page-%0*d.png' "$work" "${#pdf_pages}" "$sheet")
  mogrify -fill '#303030' -draw 'circle 272,354 286,354' "$file" &
  if [ $((sheet % 8)) -eq 3 ]; then wait; fi
done
wait

# Runs `parta paper scan --dry-run` on the files; prints a line of the table.
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" \
    "$PARTA_BIN" --dir "$work/node" paper scan --dry-run --json "$@" >"$work/$name.out"
  read -r seconds user system kbytes <"$work/$name.time"
  local pages
  pages=$(grep -c '"kind": "page"' "$work/$name.out")
  awk -v name="$name" -v pages="$pages" -v seconds="$seconds" -v user="$user" \
    -v sys="$system" -v kbytes="$kbytes" 'BEGIN {
    printf "%-24s %6d %9.2f %9.2f %9.1f %10.1f\n", name, pages, seconds, user + sys,
      (seconds > 0 ? pages / seconds : 0), kbytes / 1024 }'
}

printf "%-24s %6s %9s %9s %9s %10s\n" "scan of" "pages" "seconds" "cpu s" "pages/s" "peak MiB"
measure "PNG pages, 150 dpi" "$work"/pages/page-*.png
measure "the exported PDF" "$work/set.pdf"

# ---- Export (issue 6): tools/bench-paper-export.sh times `parta export` of 30 and 300 students
# beside LibreOffice converting the same task; PARTA_BENCH_EXPORT=no leaves it out. ----
if [ "${PARTA_BENCH_EXPORT:-yes}" != no ]; then
  echo
  PARTA_BIN=$PARTA_BIN PARTA_BENCH_DIR= bash "$root/tools/bench-paper-export.sh"
fi
