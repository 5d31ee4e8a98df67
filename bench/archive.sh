#!/usr/bin/env bash
# bench/archive.sh — "Archiving a year" in docs/BENCHMARKS.md.
#
#   bench/archive.sh                          # 200,000 sales over two years
#   N=1000000 DAYS=1825 bench/archive.sh      # five years of a busy till
#   WORK=/var/tmp/ta KEEP=1 bench/archive.sh  # keep the work directory
#
# In one run, from the repository root, it builds till and bench/genjournal,
# writes a journal of N sales over DAYS business days ending yesterday, each
# day closed with its Z report and settled as a till settles it
# (genjournal -close -settled), then:
#   1. times `till verify --full` and `till export --format csv` on it
#      (RUNS each, interleaved);
#   2. times `till archive --before <January 1st of this year>` once: every
#      closed year before this one moves into journal-YYYY.db;
#   3. prints the live journal's size before and after and the archives';
#   4. times verify --full (now through the archives) and the export again,
#      and checks the export after is byte for byte the export before.
set -euo pipefail

N=${N:-200000}
DAYS=${DAYS:-730}
RUNS=${RUNS:-3}
. "$(dirname "$0")/lib.sh"
bench_setup till-archive
bench_config till "$WORK/journal.db" A1
bench_env
rm -rf "$WORK/state" "$WORK"/journal*.db "$WORK"/journal.db.*
"$WORK/genjournal" -o "$WORK/journal.db" -n "$N" -days "$DAYS" -terminal A1 -close -settled 2>&1 | tail -1 >&2
till() { "$WORK/till" --config "$WORK/till.toml" "$@"; }
secs() { # secs COMMAND...: wall seconds of one run
	local s e
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # measure LABEL: RUNS rounds of verify --full and export, interleaved
	local v="" x=""
	for _ in $(seq "$RUNS"); do
		v="$v $(secs till verify --full)"
		x="$x $(secs till export --format csv -o "$WORK/$1.csv")"
	done
	echo "$1: verify --full$v s (median $(echo "$v" | median)); export$x s (median $(echo "$x" | median))"
}
cat "$WORK/journal.db" >/dev/null
before=$(stat -c %s "$WORK/journal.db")
measure before
year=$(date +%Y)
s=$(date +%s.%N)
till archive --before "$year-01-01" --supervisor S1 | sed 's/^/  /'
archive_s=$(echo "$(date +%s.%N) - $s" | bc)
after=$(stat -c %s "$WORK/journal.db")
measure after
echo "till archive --before $year-01-01: ${archive_s}s"
echo "live journal: $before bytes before, $after after ($(echo "scale=2; $after * 100 / $before" | bc)%)"
for f in "$WORK"/journal-[0-9][0-9][0-9][0-9].db; do echo "archive $(basename "$f"): $(stat -c %s "$f") bytes"; done
if cmp -s "$WORK/before.csv" "$WORK/after.csv"; then echo "export after = export before: yes"; else echo "export after = export before: NO"; exit 1; fi
till verify --full >"$WORK/verify.txt" # not piped: head would end it early (SIGPIPE)
head -1 "$WORK/verify.txt"
