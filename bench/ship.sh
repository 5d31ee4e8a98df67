#!/usr/bin/env bash
# bench/ship.sh — the "Head-office shipping" benchmark of docs/BENCHMARKS.md.
#
#   bench/ship.sh                          # 1,000,000 sales (3,000,000 events)
#   N=100000 bench/ship.sh                 # fewer, on a slow machine
#   WORK=/var/tmp/tb KEEP=1 bench/ship.sh  # keep the work directory; a second run reuses its journal
#
# In one run, from the repository root, it:
#   1. builds till and bench/genjournal and writes a journal of N journaled
#      sales (3 events each, through the store's own code; see bench/export.sh);
#   2. starts a PostgreSQL of its own (initdb in $WORK, pg_ctl on a free
#      loopback port, as the postgres or nobody user when run as root), with
#      the server's default durability (fsync and synchronous_commit on);
#   3. ships the journal once (not timed) and writes the rows till shipped to a
#      file (psql \copy ... TO);
#   4. RUNS times, in turn, each into a fresh database (created and migrated
#      by `till ship --migrate`, not timed):
#      - times `till ship` sending every event of the journal (BATCH, default
#        5,000, per transaction: a binary COPY into events; a batch holding a
#        row head office already has goes through a staging table and
#        INSERT ... ON CONFLICT DO NOTHING instead, which a fresh database never
#        needs);
#      - times psql `\copy events (...) FROM` that file: the same rows into
#        the same table with the same keys and indexes, in one COPY;
#   5. prints events/s of each (median) and the ratio.
set -euo pipefail

N=${N:-1000000}
DAYS=${DAYS:-365}
RUNS=${RUNS:-3}
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d /tmp/till-shipbench.XXXXXX)}
mkdir -p "$WORK"

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$BIN" ]; then
	echo "bench: installing postgresql" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
	BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
AS=()
if [ "$(id -u)" = 0 ]; then
	user=nobody
	id postgres >/dev/null 2>&1 && user=postgres
	AS=(runuser -u "$user" --)
fi
PG="$WORK/pg"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop_pg() { [ -f "$PG/data/postmaster.pid" ] && "${AS[@]}" "$BIN/pg_ctl" -D "$PG/data" -m fast -w stop >/dev/null 2>&1 || true; }
cleanup() { stop_pg; if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else rm -rf "$PG"; fi; }
trap cleanup EXIT

echo "bench: work directory $WORK" >&2
go build -o "$WORK/till" .
go build -o "$WORK/genjournal" ./bench/genjournal

rm -rf "$PG" && mkdir -p "$PG/sock"
[ ${#AS[@]} -gt 0 ] && chown -R "${AS[2]}" "$PG"
"${AS[@]}" "$BIN/initdb" -D "$PG/data" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$PG/data" -l "$PG/log" -w -o "-p $PORT -k $PG/sock -c listen_addresses=127.0.0.1 -c max_wal_size=4GB" start >/dev/null
ADMIN="postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
url() { echo "postgres://postgres@127.0.0.1:$PORT/$1?sslmode=disable"; }

cat >"$WORK/till.toml" <<EOF
[till]
store_id = "BENCH"
terminal_id = "T1"
journal = "$WORK/journal.db"
timezone = "Africa/Johannesburg"

[flash]
base_url = "http://127.0.0.1:9/flash"
api_key = "bench"
account_number = "1"

[ship]
url = "$(url bench)"
EOF
chmod 600 "$WORK/till.toml"
export HOME="$WORK" XDG_DATA_HOME="$WORK" XDG_CONFIG_HOME="$WORK"

if [ ! -f "$WORK/journal.db" ]; then
	"$WORK/genjournal" -o "$WORK/journal.db" -n "$N" -days "$DAYS"
fi
cat "$WORK/journal.db" >/dev/null # warm, as a running till's journal is

fresh() { # a fresh, migrated bench database
	"$BIN/psql" -q "$ADMIN" -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench" >/dev/null
	"$WORK/till" --config "$WORK/till.toml" ship --migrate >/dev/null
	"$BIN/psql" -q "$(url bench)" -c "CHECKPOINT" >/dev/null
}
secs() { python3 -c "import sys; print(f'{float(sys.argv[2])-float(sys.argv[1]):.2f}')" "$1" "$2"; }

cols="store_id, terminal_id, install_tag, seq, at, kind, state, reference, payload, hash, prev_hash"
till_times=() copy_times=()
ship_once() {
	fresh
	t0=$(date +%s.%N)
	"$WORK/till" --config "$WORK/till.toml" ship --json --batch "${BATCH:-5000}" >"$WORK/ship.json"
	t1=$(date +%s.%N)
	events=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sent"])' "$WORK/ship.json")
}
# A first ship, not timed, gives the rows for COPY (and warms both sides).
ship_once
"$BIN/psql" -q "$(url bench)" -c "\\copy (SELECT $cols FROM events ORDER BY seq) TO '$WORK/rows.copy'"
rows=$(wc -l <"$WORK/rows.copy")
# Then the two in turn, RUNS times each, so that both see the same machine.
for i in $(seq "$RUNS"); do
	ship_once
	till_times+=("$(secs "$t0" "$t1")")
	echo "bench: till ship run $i: ${till_times[-1]} s ($events events)" >&2
	fresh
	cat "$WORK/rows.copy" >/dev/null
	t0=$(date +%s.%N)
	"$BIN/psql" -q "$(url bench)" -c "\\copy events ($cols) FROM '$WORK/rows.copy'"
	t1=$(date +%s.%N)
	copy_times+=("$(secs "$t0" "$t1")")
	echo "bench: psql COPY run $i: ${copy_times[-1]} s ($rows rows)" >&2
done

python3 - "$events" "$rows" "${till_times[*]}" "${copy_times[*]}" <<'EOF'
import statistics, sys
events, rows = int(sys.argv[1]), int(sys.argv[2])
till = [float(x) for x in sys.argv[3].split()]
copy = [float(x) for x in sys.argv[4].split()]
tm, cm = statistics.median(till), statistics.median(copy)
print(f"events shipped: {events}; rows copied: {rows}")
print("till ship  s:", " ".join(f"{x:.2f}" for x in till), f"median {tm:.2f}  ({events/tm:,.0f} events/s)")
print("psql COPY  s:", " ".join(f"{x:.2f}" for x in copy), f"median {cm:.2f}  ({rows/cm:,.0f} rows/s)")
print(f"ratio (till events/s over COPY rows/s): {(events/tm)/(rows/cm):.2f}")
EOF
