#!/usr/bin/env bash
# The paper export benchmark of issue 6; never part of the test suite. `parta export` renders
# class sets of 30 and 300 students, a text-only task (a table, ten questions) and the same task
# with a camera photo (3000×2000 JPEG from --materials-dir), and LibreOffice converts the same
# content side by side in the same run: the task body as HTML (cmark-gfm, with its table and
# image), once per student with the student's name, `soffice --headless --convert-to pdf`.
# For each it prints seconds, pages, pages/s, KB per page and the peak memory (max RSS).
# Goals: at least 20 times LibreOffice's pages/s; under 40 KB per page for text.
#   bench-paper-export.sh [--students "30 300"] [--runs N] [--keep]
# With --runs N each conversion runs N times and the fastest counts (the machine is shared).
#   PARTA_BIN        the parta binary to time (default: build it into ./build)
#   PARTA_BENCH_DIR  scratch directory, kept (default: a new one under /tmp, removed unless
#                    --keep)
# LibreOffice (libreoffice-writer-nogui) and cmark-gfm are installed here, as root, when
# missing: they are the baseline, not something Parta needs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

sizes="30 300" keep=no runs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --students) sizes=${2:?--students needs a list, e.g. \"30 300\"}; shift ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --keep) keep=yes ;;
    *) echo "usage: bench-paper-export.sh [--students \"30 300\"] [--runs N] [--keep]" >&2; exit 2 ;;
  esac
  shift
done

baseline=(libreoffice-writer-nogui cmark-gfm time imagemagick poppler-utils)
missing=()
for package in "${baseline[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench-paper-export: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if [ -z "${PARTA_BIN:-}" ]; then
  bash "$root/tools/setup/build.sh" --target parta >&2
  PARTA_BIN=$root/build/tools/parta
fi
work=${PARTA_BENCH_DIR:-$(mktemp -d /tmp/parta-bench-export.XXXXXX)}
mkdir -p "$work"
if [ "$keep" = no ] && [ -z "${PARTA_BENCH_DIR:-}" ]; then trap 'rm -rf "$work"' EXIT; fi
rm -rf "${work:?}"/{node,out,lo,materials,lo-profile}
mkdir -p "$work"/{out,lo,materials}
parta() { "$PARTA_BIN" --dir "$work/node" "$@"; }

# The same worksheet for both: a heading, text, a table, ten questions with choices and keys.
write_task() {  # write_task FILE [IMAGE]
  {
    echo "# Природные зоны России"
    echo
    echo "Прочитай текст и рассмотри таблицу. Природные зоны сменяют друг друга с севера на юг:"
    echo "тундра, лесотундра, тайга, смешанные и широколиственные леса, лесостепь и степь."
    echo "Каждая зона отличается температурой, количеством осадков, растениями и животными."
    echo
    [ -n "${2:-}" ] && { echo "![Рис. 1. Тайга летом](${2})"; echo; }
    echo "| Природная зона | Январь, °C | Растения | Животные |"
    echo "|:---|:---:|---|---|"
    echo "| Тундра | −30 | мхи, лишайники, карликовая берёза | северный олень, песец |"
    echo "| Тайга | −20 | ель, пихта, сосна, лиственница | медведь, рысь, соболь |"
    echo "| Смешанные леса | −12 | дуб, клён, липа, ель | лось, кабан, белка |"
    echo "| Степь | −10 | ковыль, типчак, полынь | суслик, степной орёл |"
    echo
    for i in $(seq 1 10); do
      echo "$i. В какой природной зоне растёт карликовая берёза и живёт песец? Объясни почему."
      echo "    - ( ) в степи"
      echo "    - (x) в тундре"
      echo "    - ( ) в смешанных лесах"
      echo
      echo "    Ответ: в тундре холодно, деревья низкие."
    done
  } >"$1"
}
write_task "$work/task.md"
write_task "$work/task-image.md" photo.jpg
convert -size 3000x2000 gradient:'#2a5d2a'-'#c8e0a0' -attenuate 0.5 +noise Gaussian \
  -quality 90 "$work/materials/photo.jpg"

echo "bench-paper-export: setting up the store in $work" >&2
parta init --name "МБОУ «СОШ №3»" --role school >/dev/null
roster="$work/roster.csv"
echo "Фамилия;Имя;Класс;Дата рождения" >"$roster"
# One class a size: 5А has the first size's students, 5Б the next. Names differ between
# classes: the import takes the same name and birth date for the same student.
letters=(А Б В Г Д)
names=(Пётр Анна Олег Вера Иван)
n=0
for size in $sizes; do
  class="5${letters[$n]}"
  for i in $(seq 1 "$size"); do echo "Ученик$i;${names[$n]};$class;01.03.2015" >>"$roster"; done
  n=$((n + 1))
done
parta roster import "$roster" >/dev/null

# measure LABEL COMMAND...: "seconds peak_kib" of the fastest of $runs runs of the command,
# its output to LABEL.out. Seconds from the clock in nanoseconds around `time` (whose own are
# in 10 ms steps, too coarse for a 30-student export); peak memory from `time`.
measure() {
  local label=$1
  shift
  local started ended
  for run in $(seq 1 "$runs"); do
    started=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/$label.$run.kib" "$@" >"$work/$label.out" 2>&1 ||
      { cat "$work/$label.out" >&2; exit 1; }
    ended=$(date +%s%N)
    echo "$(awk -v ns=$((ended - started)) 'BEGIN {printf "%.3f", ns / 1e9}')" \
      "$(cat "$work/$label.$run.kib")" >"$work/$label.$run.time"
  done
  sort -n "$work/$label".*.time | head -1
}
pdf_pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }

# The LibreOffice side: one HTML document with every student's copy of the task.
html_for() {  # html_for TASK STUDENTS OUT
  local body
  body=$(cmark-gfm -e table "$1")
  {
    echo '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
    echo 'body{font-family:"DejaVu Serif";font-size:11.5pt} img{width:100%}'
    echo 'table{border-collapse:collapse} td,th{border:0.6pt solid black;padding:2pt}'
    echo '</style></head><body>'
    for i in $(seq 1 "$2"); do
      echo "<p style=\"page-break-before:always\"><b>Ученик$i Пётр, 5А</b></p>"
      echo "$body"
    done
    echo '</body></html>'
  } >"$3"
}
lo=(soffice -env:UserInstallation=file://"$work/lo-profile" --headless --convert-to pdf
  --outdir "$work/lo")
# LibreOffice's first start makes its profile: not counted.
html_for "$work/task.md" 1 "$work/lo/warmup.html"
"${lo[@]}" "$work/lo/warmup.html" >/dev/null 2>&1

printf '%-9s %-6s | %7s %6s %8s %8s %8s | %7s %6s %8s %8s %8s | %8s\n' \
  students content "parta s" pages "pages/s" "KB/page" "peak MB" "LO s" pages "pages/s" \
  "KB/page" "peak MB" "speed×"
n=0
for size in $sizes; do
  class="5${letters[$n]}"
  n=$((n + 1))
  for content in text image; do
    task=$work/task.md
    [ "$content" = image ] && task=$work/task-image.md
    assignment=$(parta assignment add --group "$class" --subject География --title "Природные зоны" \
      --issued 2026-11-25 --due 2026-12-01 --body-file "$task" | head -1)
    pdf=$work/out/$size-$content.pdf
    read -r p_seconds p_kib < <(measure "parta-$size-$content" "$PARTA_BIN" --dir "$work/node" \
      export --assignment "$assignment" --out "$pdf" --materials-dir "$work/materials")
    p_pages=$(pdf_pages "$pdf")
    p_bytes=$(stat -c %s "$pdf")

    html=$work/lo/$size-$content.html
    cp "$work/materials/photo.jpg" "$work/lo/photo.jpg"
    html_for "$task" "$size" "$html"
    read -r l_seconds l_kib < <(measure "lo-$size-$content" "${lo[@]}" "$html")
    l_pdf=$work/lo/$size-$content.pdf
    l_pages=$(pdf_pages "$l_pdf")
    l_bytes=$(stat -c %s "$l_pdf")

    awk -v s="$size" -v c="$content" -v ps="$p_seconds" -v pp="$p_pages" -v pb="$p_bytes" \
      -v pk="$p_kib" -v ls="$l_seconds" -v lp="$l_pages" -v lb="$l_bytes" -v lk="$l_kib" 'BEGIN {
        if (ps < 0.01) ps = 0.01
        if (ls < 0.01) ls = 0.01
        printf "%-9s %-6s | %7.3f %6d %8.1f %8.1f %8.1f | %7.3f %6d %8.1f %8.1f %8.1f | %8.1f\n",
          s, c, ps, pp, pp / ps, pb / pp / 1024, pk / 1024, ls, lp, lp / ls, lb / lp / 1024,
          lk / 1024, (pp / ps) / (lp / ls)
      }'
  done
done
echo "speed×: Parta's pages/s over LibreOffice's. Parta's pages are whole packets (cover, task," \
  "answer sheet, filler page, teacher's sheet); LibreOffice's are the task text alone." >&2
