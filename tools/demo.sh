#!/usr/bin/env bash
# The main job on an embedded default: builds Parta, generates a realistic demo school (seed
# 2026), exports its roster as a school's software would (Windows-1251, ';'), creates a node,
# imports the roster with `parta roster import`, records the school's first week (assignments,
# results, attendance, consultations) and shows what the node holds. Safe to run again: it
# starts from an empty demo directory each time.
#   PARTA_DEMO_DIR  where the demo node and files go (default /tmp/parta-demo)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup/build.sh --target parta parta-gen >/dev/null
parta=$PWD/build/tools/parta
gen=$PWD/build/tools/parta-gen
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
printf '\nThe demo node is in %s; try: PARTA_DIR=%s %s list students --json\n' \
  "$PARTA_DIR" "$PARTA_DIR" "$parta"
