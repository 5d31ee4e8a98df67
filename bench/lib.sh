# bench/lib.sh — what the benchmark scripts share: the work directory, the
# two binaries built from this tree, a till config per journal, and the
# environment that keeps the journals' state (continuity records, keys) in
# the work directory. Source it after setting N, DAYS and RUNS:
#
#   . "$(dirname "$0")/lib.sh"; bench_setup till-NAME
#   bench_config full "$WORK/journal.db" T1
#   bench_env

# bench_setup PREFIX: cd to the tree, make $WORK (kept with KEEP=1), build
# $WORK/till and $WORK/genjournal.
bench_setup() {
	cd "$(dirname "${BASH_SOURCE[0]}")/.."
	WORK=${WORK:-$(mktemp -d "/tmp/$1.XXXXXX")}
	mkdir -p "$WORK"
	if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; fi
	echo "bench: work directory $WORK" >&2
	go build -o "$WORK/till" .
	go build -o "$WORK/genjournal" ./bench/genjournal
}

# bench_config NAME JOURNAL TERMINAL: $WORK/NAME.toml, a till on JOURNAL
# (mode 0600), with a Flash table that is never dialled.
bench_config() {
	cat >"$WORK/$1.toml" <<TOML
[till]
store_id = "BENCH"
terminal_id = "$3"
journal = "$2"
timezone = "Africa/Johannesburg"

[flash]
base_url = "http://127.0.0.1:9/flash"
api_key = "bench"
account_number = "1"
TOML
	chmod 600 "$WORK/$1.toml"
}

# bench_env: the till and genjournal keep the journals' state in $WORK.
bench_env() {
	export HOME="$WORK" XDG_DATA_HOME="$WORK" XDG_CONFIG_HOME="$WORK" TILL_STATE_DIR="$WORK/state"
}
