#!/usr/bin/env bash
# bench/tui.sh — the TUI's first frame on a big journal against an empty one.
#
#   bench/tui.sh                               # 1,000,000 sales over five years
#   N=200000 DAYS=365 bench/tui.sh             # quicker
#   WORK=/var/tmp/tt KEEP=1 bench/tui.sh       # keep (and reuse) the journals
#
# It builds till and bench/genjournal, writes a journal of N sales over DAYS
# business days, each day closed and settled as a till does
# (genjournal -close -settled), and an empty journal, then starts `till` (the
# TUI) on a pseudo-terminal RUNS times on each, interleaved, and times until
# the header's "LIVE" is drawn (bench/firstframe.py): the medians and their
# ratio. With ARCHIVE=1 it first archives every year before this one
# (till archive) and measures the live journal that is left.
set -euo pipefail

N=${N:-1000000}
DAYS=${DAYS:-1825}
RUNS=${RUNS:-15}
. "$(dirname "$0")/lib.sh"
bench_setup till-tui
bench_config full "$WORK/journal.db" U1
bench_config empty "$WORK/empty.db" U2
bench_env
if [ ! -f "$WORK/journal.db" ]; then
	"$WORK/genjournal" -o "$WORK/journal.db" -n "$N" -days "$DAYS" -terminal U1 -close -settled 2>&1 | tail -1 >&2
fi
"$WORK/till" --config "$WORK/empty.toml" journal list >/dev/null 2>&1 # creates the empty journal
if [ -n "${ARCHIVE:-}" ]; then
	"$WORK/till" --config "$WORK/full.toml" archive --before "$(date +%Y)-01-01" --supervisor S1 >&2
fi
cat "$WORK/journal.db" >/dev/null
full="" empty=""
for _ in $(seq "$RUNS"); do
	full="$full $(python3 bench/firstframe.py LIVE "$WORK/till" --config "$WORK/full.toml")"
	empty="$empty $(python3 bench/firstframe.py LIVE "$WORK/till" --config "$WORK/empty.toml")"
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fm=$(echo "$full" | median)
em=$(echo "$empty" | median)
echo "first frame, $(stat -c %s "$WORK/journal.db")-byte journal:$full s (median $fm)"
echo "first frame, empty journal:$empty s (median $em)"
echo "ratio full/empty: $(echo "scale=2; $fm / $em" | bc)"
