#!/usr/bin/env bash
# bench/verify.sh — `till verify --full` against sha256sum of the same file
# (docs/BENCHMARKS.md, "Full verify"): one journal of N generated sales
# (unsealed, -key none), then RUNS rounds, interleaved, the order swapping
# every round, all warm; medians of wall time and their ratio.
#
#   bench/verify.sh                  # 200,000 sales, 7 rounds
#   N=1000000 RUNS=3 bench/verify.sh
#   WORK=/var/tmp/tv KEEP=1 bench/verify.sh   # keep (and reuse) the journal
set -euo pipefail

N=${N:-200000}
RUNS=${RUNS:-7}
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d /tmp/till-verify.XXXXXX)}
mkdir -p "$WORK/state"
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; fi
go build -o "$WORK/till" .
go build -o "$WORK/gen" ./bench/genjournal
if [ ! -f "$WORK/j.db" ]; then
	"$WORK/gen" -o "$WORK/j.db" -n "$N" -key none -state "$WORK/state" 2>&1 | tail -1 >&2
fi
export HOME="$WORK" XDG_STATE_HOME="$WORK/state" XDG_CONFIG_HOME="$WORK"

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
timed() {
	local s
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1
	echo "scale=3; ($(date +%s%N) - $s) / 1000000000" | bc
}
full() { "$WORK/till" verify --full "$WORK/j.db"; }
sha() { sha256sum "$WORK/j.db"; }

cat "$WORK/j.db" >/dev/null
full >/dev/null 2>&1 || { echo "bench: the journal does not verify" >&2; exit 1; }
t_full=() t_sha=()
for i in $(seq "$RUNS"); do
	if [ $((i % 2)) -eq 0 ]; then
		t_full+=("$(timed full)"); t_sha+=("$(timed sha)")
	else
		t_sha+=("$(timed sha)"); t_full+=("$(timed full)")
	fi
	echo "  round $i: verify --full ${t_full[-1]}s sha256sum ${t_sha[-1]}s" >&2
done
m_full=$(printf '%s\n' "${t_full[@]}" | median)
m_sha=$(printf '%s\n' "${t_sha[@]}" | median)
cat <<OUT
== Full verify of $N sales ($(stat -c %s "$WORK/j.db") bytes), median of $RUNS interleaved
till verify --full   ${m_full}s
sha256sum            ${m_sha}s
ratio                $(echo "scale=2; $m_full / $m_sha" | bc)
OUT
