#!/usr/bin/env bash
# bench/export.sh — the "Export" and "Start-up" benchmarks of docs/BENCHMARKS.md.
#
#   bench/export.sh                          # 1,000,000 sales
#   N=100000 bench/export.sh                 # fewer, on a slow machine
#   WORK=/var/tmp/tb KEEP=1 bench/export.sh  # keep the work directory; a second run reuses its journal
#
# In one run, from the repository root, it:
#   1. builds till and bench/genjournal, and writes a journal of N journaled
#      sales (3 events each, through store.DB.Bulk: the store's own Create and
#      Append, 10,000 sales per fsync'd transaction; spread over DAYS business
#      days ending yesterday);
#   2. exports them once with till (not timed) and loads those rows into an
#      equivalent SQLite table (same columns, an index on day; not timed);
#   3. times `till export --format csv -o FILE` over all of them and
#      `sqlite3` exporting the same rows in the same order (.mode csv,
#      .output FILE; SCAN USING INDEX on day, as till walks its day index),
#      RUNS times each, interleaved (the order alternating each round): wall
#      time, peak RSS (/usr/bin/time -v) and peak anonymous memory (RssAnon
#      sampled from /proc every 50 ms: RSS also counts the journal's file
#      pages that bbolt maps, which are page cache, not the till's heap), and
#      checks both files hold the same rows;
#   4. times `till journal list` (today's sales: none) on the N-sale journal
#      and on an empty one, STARTS runs each, interleaved (median): start-up
#      must not grow with the journal.
# Everything runs warm: each file is read once (cat) before it is timed, and
# how much of it is in the page cache is printed.
set -euo pipefail

N=${N:-1000000}
DAYS=${DAYS:-365}
RUNS=${RUNS:-3}
STARTS=${STARTS:-51}
need() { # need COMMAND PACKAGE
	if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
		echo "bench: installing $2" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
	fi
}
need sqlite3 sqlite3
need /usr/bin/time time

. "$(dirname "$0")/lib.sh"
bench_setup till-bench
ROOT=$(pwd)
bench_config full "$WORK/journal.db" T1
bench_config empty "$WORK/empty.db" T2
bench_env # the till and genjournal keep the journals' continuity records here

if [ ! -f "$WORK/journal.db" ]; then
	gen_start=$(date +%s.%N)
	"$WORK/genjournal" -o "$WORK/journal.db" -n "$N" -days "$DAYS"
	gen_s=$(printf '%.0f' "$(echo "$(date +%s.%N) - $gen_start" | bc)")
	echo "bench: journal written in ${gen_s}s" >&2
fi
"$WORK/till" --config "$WORK/empty.toml" journal list >/dev/null 2>&1 # creates the empty journal
journal_bytes=$(stat -c %s "$WORK/journal.db")

# measure CMD...: runs CMD under /usr/bin/time -v and samples the RssAnon of
# its process; sets WALL (seconds), RSS_KB and ANON_KB.
measure() {
	local tf="$WORK/time.out" peak=0 a c start
	start=$(date +%s.%N)
	/usr/bin/time -v -o "$tf" "$@" &
	local tpid=$!
	while kill -0 "$tpid" 2>/dev/null; do
		for c in $(pgrep -P "$tpid" || true); do
			a=$(awk '/^RssAnon:/{print $2}' "/proc/$c/status" 2>/dev/null || true)
			if [ -n "$a" ] && [ "$a" -gt "$peak" ]; then peak=$a; fi
		done
		sleep 0.05
	done
	wait "$tpid"
	WALL=$(printf '%.2f' "$(echo "$(date +%s.%N) - $start" | bc)")
	RSS_KB=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tf")
	CPU=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "user %.2fs sys %.2fs", u, s}' "$tf")
	MAJ=$(awk -F': ' '/Major \(requiring I\/O\) page faults/{print $2}' "$tf")
	ANON_KB=$peak
}

# warm FILE: read it once so the timed runs find it in the page cache, and
# say how much of it is there (this VM's host reclaims page cache over time).
warm() {
	cat "$1" >/dev/null
	if command -v fincore >/dev/null 2>&1; then
		echo "  page cache: $(fincore --noheadings --output RES,SIZE "$1" 2>/dev/null | awk '{print $1 " of " $2}') of $(basename "$1") resident" >&2
	fi
}

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

echo "bench: till export once (not timed), for the rows SQLite is loaded with" >&2
"$WORK/till" --config "$WORK/full.toml" export --format csv -o "$WORK/till.csv" 2>/dev/null
rows=$(($(wc -l <"$WORK/till.csv") - 1))
csv_bytes=$(stat -c %s "$WORK/till.csv")

echo "bench: loading the same rows into SQLite (not timed)" >&2
rm -f "$WORK/sales.sqlite"
sqlite3 "$WORK/sales.sqlite" <<EOF
CREATE TABLE sales(reference TEXT PRIMARY KEY, store TEXT, terminal TEXT, day TEXT, created_at TEXT, updated_at TEXT,
  kind TEXT, product TEXT, product_name TEXT, provider TEXT, target TEXT, amount TEXT, currency TEXT, tender TEXT,
  outcome TEXT, provider_ref TEXT, attempts INTEGER, reprints INTEGER, message TEXT, secrets TEXT);
.mode csv
.import --skip 1 $WORK/till.csv sales
CREATE INDEX sales_day ON sales(day);
EOF
plan=$(sqlite3 "$WORK/sales.sqlite" "EXPLAIN QUERY PLAN SELECT * FROM sales ORDER BY day, rowid;" | tail -1)
sqlite_bytes=$(stat -c %s "$WORK/sales.sqlite")

# The runs are interleaved, the order alternating each round, so that the
# machine's load falls on both alike.
till_run() {
	warm "$WORK/journal.db"
	measure "$WORK/till" --config "$WORK/full.toml" export --format csv -o "$WORK/till.csv"
	till_walls+=("$WALL")
	echo "  till export run $i: ${WALL}s ($CPU, $MAJ major faults), peak RSS ${RSS_KB} KB, peak RssAnon ${ANON_KB} KB" >&2
	till_rss=$RSS_KB till_anon=$ANON_KB
}
sqlite_run() {
	warm "$WORK/sales.sqlite"
	measure sqlite3 "$WORK/sales.sqlite" ".headers on" ".mode csv" ".output $WORK/sqlite.csv" "SELECT * FROM sales ORDER BY day, rowid;"
	sqlite_walls+=("$WALL")
	echo "  sqlite3 export run $i: ${WALL}s ($CPU, $MAJ major faults), peak RSS ${RSS_KB} KB, peak RssAnon ${ANON_KB} KB" >&2
	sqlite_rss=$RSS_KB sqlite_anon=$ANON_KB
}
echo "bench: till export and sqlite3 export, $RUNS runs each, interleaved ($plan)" >&2
till_walls=() sqlite_walls=()
for i in $(seq "$RUNS"); do
	if [ $((i % 2)) -eq 1 ]; then till_run; sqlite_run; else sqlite_run; till_run; fi
done
same=$(python3 - "$WORK/till.csv" "$WORK/sqlite.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="") as a, open(sys.argv[2], newline="") as b:
    ra, rb = csv.reader(a), csv.reader(b)
    n = 0
    for x, y in zip(ra, rb):
        if x != y:
            print("NO (row %d differs)" % n); sys.exit()
        n += 1
    print("yes (%d rows incl. header)" % n if next(ra, None) is None and next(rb, None) is None else "NO (lengths differ)")
EOF
)

echo "bench: till journal list, $STARTS runs on each journal, interleaved" >&2
warm "$WORK/journal.db"
once() { # once CONFIG: the wall time of one `till journal list`, in microseconds
	local s
	s=$(date +%s%N)
	"$WORK/till" --config "$1" journal list >/dev/null 2>&1
	echo $((($(date +%s%N) - s) / 1000))
}
full_t=() empty_t=()
for i in $(seq "$STARTS"); do
	full_t+=("$(once "$WORK/full.toml")")
	empty_t+=("$(once "$WORK/empty.toml")")
done
ms() { median | awk '{printf "%.1f", $1/1000}'; }
full_ms=$(printf '%s\n' "${full_t[@]}" | ms)
empty_ms=$(printf '%s\n' "${empty_t[@]}" | ms)
rss_of() {
	/usr/bin/time -v -o "$WORK/time.out" "$WORK/till" --config "$1" journal list >/dev/null 2>&1
	awk -F': ' '/Maximum resident set size/{print $2}' "$WORK/time.out"
}
full_rss=$(rss_of "$WORK/full.toml")
empty_rss=$(rss_of "$WORK/empty.toml")

till_med=$(printf '%s\n' "${till_walls[@]}" | median)
sqlite_med=$(printf '%s\n' "${sqlite_walls[@]}" | median)
cat <<EOF

== Export: $rows sales, journal $((journal_bytes / 1048576)) MiB, CSV $((csv_bytes / 1048576)) MiB, SQLite file $((sqlite_bytes / 1048576)) MiB
till export --format csv   wall $(printf '%s ' "${till_walls[@]}")s  median ${till_med}s  $(echo "$rows / $till_med" | bc) rows/s  peak RSS $((till_rss / 1024)) MiB  peak RssAnon $((till_anon / 1024)) MiB
sqlite3 .mode csv          wall $(printf '%s ' "${sqlite_walls[@]}")s  median ${sqlite_med}s  $(echo "$rows / $sqlite_med" | bc) rows/s  peak RSS $((sqlite_rss / 1024)) MiB  peak RssAnon $((sqlite_anon / 1024)) MiB
ratio till/sqlite (median wall): $(echo "scale=2; $till_med / $sqlite_med" | bc)
same rows: $same
== Start-up: till journal list (median of $STARTS)
$N-sale journal: ${full_ms} ms, RSS $((full_rss / 1024)) MiB
empty journal:   ${empty_ms} ms, RSS $((empty_rss / 1024)) MiB
ratio full/empty: $(echo "scale=2; $full_ms / $empty_ms" | bc)
EOF
