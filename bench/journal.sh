#!/usr/bin/env bash
# bench/journal.sh — the "Journal size and verification" benchmarks of
# docs/BENCHMARKS.md, before (BASE, the JSON journal of schema 1) and after
# (this tree, the compact journal of schema 2), in one run.
#
#   bench/journal.sh                       # 200,000 sales, BASE=the merge base with main
#   N=1000000 RUNS=3 bench/journal.sh      # the issue's million
#   WORK=/var/tmp/tj KEEP=1 bench/journal.sh
#
# It builds till and bench/genjournal from BASE (git archive) and from this
# tree, writes a journal of N sales with each (the same seed, so the same
# sales), and then, RUNS times each, interleaved (the order rotating every
# round), all warm (each file read once before it is timed):
#   - bytes on disk per sale of both journals (not timed);
#   - `till verify --full` of the new journal, `till verify` (incremental,
#     right after a full one: only the pages and nothing new), `till verify`
#     of the old journal (always in full), and sha256sum of the new file.
# Medians of wall time, with the ratios the issue asks for.
set -euo pipefail

N=${N:-200000}
DAYS=${DAYS:-365}
RUNS=${RUNS:-5}
cd "$(dirname "$0")/.."
BASE=${BASE:-$(git merge-base HEAD main)}
WORK=${WORK:-$(mktemp -d /tmp/till-journal.XXXXXX)}
mkdir -p "$WORK/old-src" "$WORK/state-old" "$WORK/state-new"
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; fi
echo "bench: work directory $WORK, base $BASE" >&2

go build -o "$WORK/till-new" .
go build -o "$WORK/gen-new" ./bench/genjournal
if [ ! -x "$WORK/till-old" ]; then
	git archive "$BASE" | tar -x -C "$WORK/old-src"
	(cd "$WORK/old-src" && go build -o "$WORK/till-old" . && go build -o "$WORK/gen-old" ./bench/genjournal)
fi

config() { # config NAME JOURNAL
	cat >"$WORK/$1.toml" <<EOF
[till]
store_id = "BENCH"
terminal_id = "T1"
journal = "$2"
timezone = "Africa/Johannesburg"

[flash]
base_url = "http://127.0.0.1:9/flash"
api_key = "bench"
account_number = "1"
EOF
	chmod 600 "$WORK/$1.toml"
}
config old "$WORK/old.db"
config new "$WORK/new.db"
export HOME="$WORK" XDG_DATA_HOME="$WORK" XDG_CONFIG_HOME="$WORK"

if [ ! -f "$WORK/old.db" ]; then
	"$WORK/gen-old" -o "$WORK/old.db" -n "$N" -days "$DAYS" 2>&1 | tail -1 >&2
fi
if [ ! -f "$WORK/new.db" ]; then
	TILL_STATE_DIR="$WORK/state-new" "$WORK/gen-new" -o "$WORK/new.db" -n "$N" -days "$DAYS" 2>&1 | tail -1 >&2
fi
old_bytes=$(stat -c %s "$WORK/old.db")
new_bytes=$(stat -c %s "$WORK/new.db")

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# timed CMD...: the wall time of CMD in seconds (its output discarded).
timed() {
	local s
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1
	echo "scale=3; ($(date +%s%N) - $s) / 1000000000" | bc
}
full_new() { TILL_STATE_DIR="$WORK/state-new" "$WORK/till-new" --config "$WORK/new.toml" verify --full; }
incr_new() { TILL_STATE_DIR="$WORK/state-new" "$WORK/till-new" --config "$WORK/new.toml" verify; }
full_old() { "$WORK/till-old" verify "$WORK/old.db"; }
sha() { sha256sum "$WORK/new.db"; }

cat "$WORK/new.db" "$WORK/old.db" >/dev/null
full_new >/dev/null 2>&1 # records the verified point
t_full=() t_incr=() t_old=() t_sha=()
for i in $(seq "$RUNS"); do
	for k in $(seq 0 3); do
		case $(((i + k) % 4)) in
		0) t_full+=("$(timed full_new)") ;;
		1) t_incr+=("$(timed incr_new)") ;;
		2) t_old+=("$(timed full_old)") ;;
		3) t_sha+=("$(timed sha)") ;;
		esac
	done
	echo "  round $i: full ${t_full[-1]}s incremental ${t_incr[-1]}s old ${t_old[-1]}s sha256sum ${t_sha[-1]}s" >&2
done
m_full=$(printf '%s\n' "${t_full[@]}" | median)
m_incr=$(printf '%s\n' "${t_incr[@]}" | median)
m_old=$(printf '%s\n' "${t_old[@]}" | median)
m_sha=$(printf '%s\n' "${t_sha[@]}" | median)
incr_out=$(incr_new 2>&1 | tail -1)

cat <<EOF

== Journal of $N sales
schema 1 (base $BASE): $old_bytes bytes, $((old_bytes / N)) bytes per sale
schema 2 (this tree):  $new_bytes bytes, $((new_bytes / N)) bytes per sale
== Verify (median of $RUNS, interleaved)
till verify --full (new)          ${m_full}s   ratio to sha256sum: $(echo "scale=2; $m_full / $m_sha" | bc)
till verify (new, incremental)    ${m_incr}s   ratio to the full one: $(echo "scale=2; $m_incr / $m_full" | bc)
till verify (old, always full)    ${m_old}s
sha256sum (new file)              ${m_sha}s
incremental: $incr_out
EOF
