#!/usr/bin/env bash
# The main job on an embedded default: builds Parta, generates a realistic demo school (seed
# 2026), exports its roster as a school's software would (Windows-1251, ';'), creates a node,
# imports the roster with `parta roster import`, records the school's first week (assignments,
# results, attendance, consultations) and shows what the node holds. Then a base school (hub)
# and a second attached school join: partad runs all three, each school syncs with the hub
# through its own linksim emulating a 500 kbit/s link with a 300 ms round trip, the hub
# teaches a distance group mixing students of both schools (a task with a worksheet kept in
# git, which reaches both schools in the next sync), and the demo prints bytes on the
# wire and seconds; school A prints the task for its student without access as a PDF packet,
# reads the student's pages back from scans (`parta paper scan`) and records the score. Safe to
# run again: it starts from an empty demo directory each time.
#   PARTA_DEMO_DIR  where the demo nodes and files go (default /tmp/parta-demo)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup/build.sh --target parta parta-gen partad linksim >/dev/null
parta=$PWD/build/tools/parta
gen=$PWD/build/tools/parta-gen
partad=$PWD/build/daemon/partad
linksim=$PWD/build/tools/linksim
demo=${PARTA_DEMO_DIR:-/tmp/parta-demo}
rm -rf "$demo"
mkdir -p "$demo"
export PARTA_DIR=$demo/school

step() { printf '\n== %s\n' "$*"; }
first_lines() { sed -n "1,${1}p"; }  # unlike head, reads all input: no SIGPIPE under pipefail

step "A demo school, exported as school software does (Windows-1251, ';')"
"$gen" --seed 2026 --size small --csv-out "$demo/export" --encoding cp1251 | first_lines 3
head -c 300 "$demo/export/roster.csv" | iconv -f cp1251 -t utf-8 | first_lines 4

step "parta init, then parta roster import"
"$parta" init --name "МБОУ «Демонстрационная СОШ №1»" --role school
"$parta" roster import "$demo/export/roster.csv"
"$parta" roster import "$demo/export/roster.csv"   # a second import adds nothing

step "The school's first week: assignments, results, attendance, consultations"
"$gen" --seed 2026 --size small --fill "$PARTA_DIR" | tail -3

first_class=$("$parta" list groups --json | sed -n 's/.*"name": "\(.*\)",/\1/p' | first_lines 1)
step "parta list groups"
"$parta" list groups
step "parta list students --class $first_class (first 8)"
"$parta" list students --class "$first_class" | first_lines 9
step "parta list assignments (first 6)"
"$parta" list assignments | first_lines 7
step "parta list results (first 6)"
"$parta" list results | first_lines 7
first_day=$("$parta" list assignments --json | sed -n 's/.*"issued": "\(.*\)",/\1/p' | sort | first_lines 1)
step "parta list attendance --date $first_day --class $first_class (first 6)"
"$parta" list attendance --date "$first_day" --class "$first_class" | first_lines 7
step "parta list consultations (one working day to answer)"
"$parta" list consultations | first_lines 6

step "A distance group: the parent's written consent is required"
"$parta" list students --without-consent
student=$("$parta" list students --without-consent --json | sed -n 's/.*"id": "\(.*\)",/\1/p' | first_lines 1)
"$parta" group add --name "Физика онлайн" --distance --grade 9 >/dev/null
if "$parta" group enrol --group "Физика онлайн" --student "$student"; then
  echo "demo: enrolment without consent was accepted" >&2
  exit 1
fi
"$parta" consent record --student "$student" --date today --form paper
"$parta" group enrol --group "Физика онлайн" --student "$student"

step "parta backup, parta check"
"$parta" backup --out "$demo/school-backup.mdb"
"$parta" check

# ---- Sync: a base school and two attached schools over emulated 500 kbit/s links ----
hub=$demo/hub
school_a=$PARTA_DIR
school_b=$demo/school-b
background=()
stop_background() { for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_background EXIT
wait_for_file() {  # FILE: waits up to 10 s for it to be non-empty
  for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done
  echo "demo: $1 did not appear; see the logs in $demo" >&2
  exit 1
}
# NODE: the id of its first student of grade 8 or above with a parent's consent (the distance
# group below is a grade 9 course).
first_with_consent() {
  "$parta" --dir "$1" list students --json |
    awk '/"id":/ {gsub(/[",]/, "", $2); id = $2} /"grade":/ {gsub(/,/, "", $2); grade = $2}
         /"consent": "/ && grade + 0 >= 8 && !found {print id; found = 1}'
}
now() { date +%s.%N; }
since() { awk -v start="$1" -v end="$(now)" 'BEGIN {printf "%.2f", end - start}'; }

step "A base school (hub) and a second attached school, each school behind its own link"
"$parta" --dir "$hub" init --name "МБОУ «Опорная СОШ №5»" --role hub --listen 127.0.0.1:0 |
  first_lines 1
"$parta" --dir "$school_b" init --name "МБОУ «Петровская ООШ»" --role school | first_lines 1
"$gen" --seed 2027 --size small --fill "$school_b" >/dev/null
"$partad" --dir "$hub" 2>"$demo/hub.log" &
background+=($!)
for _ in $(seq 100); do grep -q "listening for schools on" "$demo/hub.log" && break; sleep 0.1; done
hub_port=$(sed -n 's/.*listening for schools on 127.0.0.1:\([0-9]*\).*/\1/p' "$demo/hub.log")
[ -n "$hub_port" ] || { cat "$demo/hub.log" >&2; exit 1; }
for school in a b; do
  "$linksim" --listen 127.0.0.1:0 --target "127.0.0.1:$hub_port" --rate-kbit 500 --rtt-ms 300 \
    --ready-file "$demo/link-$school.address" >"$demo/link-$school.out" 2>"$demo/link-$school.log" &
  background+=($!)
  wait_for_file "$demo/link-$school.address"
done
echo "hub partad on 127.0.0.1:$hub_port; linksim 500 kbit/s, 300 ms round trip:" \
  "school A dials $(cat "$demo/link-a.address"), school B $(cat "$demo/link-b.address")"

step "Pairing: parta invite on the hub, parta pair on each school"
"$parta" --dir "$hub" invite --address "$(cat "$demo/link-a.address")" --out "$demo/invite-a.toml" |
  first_lines 1
"$parta" --dir "$school_a" pair "$demo/invite-a.toml" | first_lines 1
"$parta" --dir "$hub" invite --address "$(cat "$demo/link-b.address")" --out "$demo/invite-b.toml" >/dev/null
"$parta" --dir "$school_b" pair "$demo/invite-b.toml" | first_lines 1

step "partad on each school, then parta sync: each school's week crosses its link"
for school in "$school_a" "$school_b"; do
  "$partad" --dir "$school" 2>"$school.log" &
  background+=($!)
  for _ in $(seq 100); do [ -S "$school/partad.sock" ] && break; sleep 0.1; done
done
for school in "$school_a" "$school_b"; do
  started=$(now)
  "$parta" --dir "$school" sync >/dev/null
  echo "$(basename "$school"): in step after $(since "$started") s; partad's log:"
  sed 's/^/  /' "$school.log" | grep "sync peer="
done
echo "the hub holds $("$parta" --dir "$hub" list students --json | grep -c '"id"') students:" \
  "$("$parta" --dir "$school_a" list students --json | grep -c '"id"') of school A," \
  "$("$parta" --dir "$school_b" list students --json | grep -c '"id"') of school B"

step "The base school teaches a distance group mixing students of both schools"
student_a=$(first_with_consent "$school_a")
student_b=$(first_with_consent "$school_b")
"$parta" --dir "$hub" group add --name "Астрономия (дистанционно)" --distance --grade 9 >/dev/null
"$parta" --dir "$hub" group enrol --group "Астрономия (дистанционно)" \
  --student "$student_a" --student "$student_b"
printf '# Фазы Луны\n\n1. Зарисуйте Луну три вечера подряд.\n2. Объясните, почему меняется её вид.\n' \
  >"$demo/task.md"
"$parta" --dir "$hub" assignment add --group "Астрономия (дистанционно)" --subject Астрономия \
  --title "Фазы Луны" --body-file "$demo/task.md" --due "$(date -d '+7 days' +%F)" >/dev/null
task=$("$parta" --dir "$hub" list assignments --json |
  awk '/"id":/ {gsub(/[",]/, "", $2); id = $2} /"title": "Фазы Луны"/ {print id}')
"$parta" --dir "$hub" result record --student "$student_a" --assignment "$task" --score 5 \
  --review "Отлично: все три фазы «ёмко» и точно" >/dev/null
"$parta" --dir "$hub" result record --student "$student_b" --assignment "$task" --score 4 \
  --review "Хорошо; объяснение неполное" >/dev/null
echo "task «Фазы Луны» ($task) set for $student_a (school A) and $student_b (school B), both marked"
# A worksheet for the task, kept in git beside the records; it travels with the next sync.
{
  echo "Дневник наблюдений Луны"
  for night in 1 2 3; do printf 'Вечер %s: дата ____, время ____, рисунок:\n\n\n' "$night"; done
} >"$demo/Дневник наблюдений.txt"
"$parta" --dir "$hub" material add "$demo/Дневник наблюдений.txt" --assignment "$task"

step "Sync again: each school receives the task, its worksheet and its own student's result, nothing more"
for school in "$school_a" "$school_b"; do
  started=$(now)
  "$parta" --dir "$school" sync
  echo "  $(basename "$school"): in step after $(since "$started") s"
done
"$parta" --dir "$hub" sync
echo "school A: $("$parta" --dir "$school_a" list results --json | grep -c '"Фазы Луны"') result" \
  "for «Фазы Луны» (its own student's); students held: $("$parta" --dir "$school_a" list students --json | grep -c '"id"')" \
  "(none of school B's)"
"$parta" --dir "$school_b" list results --json | grep -A1 '"title": "Фазы Луны"' | first_lines 2
"$parta" --dir "$school_a" material get --assignment "$task" --out "$demo/materials-a"
echo "school A's copy of the worksheet: $(ls "$demo/materials-a")," \
  "$(cmp -s "$demo/materials-a/Дневник наблюдений.txt" "$demo/Дневник наблюдений.txt" && echo identical)"

step "Paper: school A prints the task for its students without access, then takes the work back"
paper_results() { "$parta" --dir "$hub" list results --json | grep -c '"channel": "paper"' || true; }
# A school's side of a session ends half a round trip before the hub's: wait for the hub to log
# it, so that its peer list below shows the session.
hub_sessions() { grep -c '^sync peer=' "$demo/hub.log" || true; }
wait_for_hub_session() {
  for _ in $(seq 100); do [ "$(hub_sessions)" -gt "$1" ] && return; sleep 0.1; done
  echo "demo: the hub logged no end of that session in 10 s; see $demo/hub.log" >&2
}
before=$(paper_results)
"$parta" --dir "$school_a" student access "$student_a" no >/dev/null
"$parta" --dir "$school_a" export --assignment "$task" --no-access-only --out "$demo/packets-a.pdf"
"$parta" --dir "$school_a" packets
code=$("$parta" --dir "$school_a" packets --json | sed -n 's/.*"code": "\(.*\)",/\1/p' | first_lines 1)
# The student's pages come back through the school's scanner: here pdftoppm makes the scans
# (150 dpi, grey) from the printed PDF, without the teacher's sheet at its end. The scan finds
# each page's QR code and marks the packet returned; the teacher then records the score.
pages=$("$parta" --dir "$school_a" packets --json | sed -n 's/.*"pages": \([0-9]*\),/\1/p' | first_lines 1)
pdftoppm -r 150 -gray -png -l "$pages" "$demo/packets-a.pdf" "$demo/scan"
"$parta" --dir "$school_a" paper scan "$demo"/scan-*.png
"$parta" --dir "$school_a" paper return "$code" --score 5 --review "Сдано на бумаге, всё верно"
sessions=$(hub_sessions)
"$parta" --dir "$school_a" sync >/dev/null
wait_for_hub_session "$sessions"
echo "after school A's next sync, paper results at the hub: $before before, $(paper_results) now"

step "parta peers on the hub"
"$parta" --dir "$hub" peers

step "Bytes on the wire (linksim, both links, everything above)"
stop_background
trap - EXIT
wait 2>/dev/null || true
for school in a b; do echo "school $school: $(grep carried "$demo/link-$school.out")"; done
printf '\nThe demo nodes are in %s (hub, school, school-b; logs beside them).\n' "$demo"
printf 'Try: %s --dir %s peers; %s --dir %s list results\n' "$parta" "$hub" "$parta" "$school_a"
