#!/usr/bin/env bash
# The load suite, and the database's own limit for the same work in the same run.
#
#   load/run-load.sh all                   # every scenario, each beside its pgbench twin (see load/README.md)
#   RUNS=3 load/run-load.sh all            # each 3 times: median, min and max (~15-20 min at 10,000 doctors)
#   KEEP_DB=true load/run-load.sh all      # reuse (and keep) the generated database
#
# `all` builds Medbook and the simulations, starts Medbook on a fresh database of its own
# (MEDBOOK_LOAD_DB, default medbook_load_suite) with DOCTORS demo doctors, then runs, RUNS times each:
# search, 30-day slots, cash booking in a closed loop at 8 and at 64 clients, the hot-slot race. Beside
# every app run it runs the equivalent minimal SQL in pgbench on the same database and the same number
# of clients, and it counts per request the SQL statements (JDBC metrics, and pg_stat_statements when
# PostgreSQL preloads it), transactions (pg_stat_database) and pool checkouts (Hikari metrics).
# Results: target/load/results-<time>.md (summary) and .tsv (every run); logs in target/load/run-load-<time>/.
#
# Settings (environment): DOCTORS (10000), SEARCH_DOCTORS (search on a second database with that many
# doctors, e.g. 100000; generating it takes long, so combine with KEEP_DB=true), RUNS (1),
# SECONDS_PER_RUN (20), RAMP_SECONDS (10), CLIENTS (8: search and slots), BOOKING_CLIENTS ("8 64"),
# RACE_USERS (500), SCENARIOS ("search slots booking hotslot"), WARMUP_SECONDS (15: each scenario once on
# the fresh server before any is measured; 0 for none), KEEP_DB (false), PORT (8089),
# MANAGEMENT_PORT (8088), MEDBOOK_LOAD_JAVA, SERVER_JAVA_OPTS, GATLING_JAVA_OPTS, SUITE_TRACING_JDBC (false: the server counts its JDBC statements
# only when true, at the instrumentation's cost), SUITE_AUTOVACUUM (true: PostgreSQL's autovacuum on while the suite runs).
#
# The older form runs named simulations at a constant rate on the database medbook_load (kept, with
# MEDBOOK_LOAD_DOCTORS=100000 demo doctors), as BENCHMARKS.md's first section was measured:
#   RUNS=3 RATE=300 SECONDS_PER_RUN=30 load/run-load.sh SearchSimulation SlotsSimulation
#
# Notifications have their own scripts, on their own database (see load/README.md):
# load/notifications-load.sh, load/email-dispatch-load.sh, load/inbox-load.sh.
#
# Chat (sockets held within a 1 GB heap, one-to-one delivery latency) is load/chat-load.sh:
#   load/run-load.sh chat                                            # 10,000 sockets, 2,000 messages/s
#   SOCKETS=1000 RATE=200 SECONDS_PER_RUN=20 load/run-load.sh chat   # a quick check
#
# Platform statistics over a year (10,000 doctors, 5,000,000 bookings seeded in SQL) are load/stats-load.sh:
#   load/run-load.sh stats
#   BOOKINGS=200000 SECONDS_PER_RUN=15 load/run-load.sh stats       # a quick check
set -euo pipefail

if [ "${1:-}" = chat ]; then
  shift
  exec "$(dirname "$0")/chat-load.sh" "$@"
fi

if [ "${1:-}" = stats ]; then
  shift
  exec "$(dirname "$0")/stats-load.sh" "$@"
fi

if [ "${1:-}" = all ]; then
  MODE=all
  MEDBOOK_NOTIF_LOAD_DB=${MEDBOOK_LOAD_DB:-medbook_load_suite}
  DOCTORS=${DOCTORS:-10000}
  SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
  # each run is a fresh Gatling JVM whose JIT warms for 15-20 s on the same two cores: let most of it pass
  RAMP_SECONDS=${RAMP_SECONDS:-10}
else
  MODE=named
  MEDBOOK_NOTIF_LOAD_DB=${MEDBOOK_LOAD_DB:-medbook_load}
  DOCTORS=${MEDBOOK_LOAD_DOCTORS:-100000}
  SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
  RAMP_SECONDS=${RAMP_SECONDS:-10}
  KEEP_DB=true
fi
PORT=${PORT:-8089}
source "$(dirname "$0")/notifications-common.sh"
source "$(dirname "$0")/load-suite-common.sh"

RUNS=${RUNS:-1}
KEEP_DB=${KEEP_DB:-false}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-8088}

trap suite_cleanup EXIT
trap 'exit 130' INT TERM

if [ "$MODE" = named ]; then
  RATE=${RATE:-1000}
  SIMULATIONS=("$@")
  [ ${#SIMULATIONS[@]} -gt 0 ] || SIMULATIONS=(SearchSimulation SlotsSimulation)
  suite_prepare
  open_database "$DB" "$DOCTORS"
  for simulation in "${SIMULATIONS[@]}"; do
    for run in $(seq 1 "$RUNS"); do
      log "== $simulation run $run: $RATE req/s for $SECONDS_PER_RUN s"
      suite_gatling "$OUT/$simulation-$run.log" "$simulation" -Dmedbook.load.rate="$RATE" \
        -Dmedbook.load.seconds="$SECONDS_PER_RUN" -Dmedbook.load.rampSeconds="$RAMP_SECONDS" || true
      sed -n -e '/Global Information/,/Response Time Distribution/p' -e '/HOT SLOT RESULT/p' -e '/^RESULT /p' \
        "$OUT/$simulation-$run.log"
    done
  done
  exit 0
fi

SEARCH_DOCTORS=${SEARCH_DOCTORS:-}
CLIENTS=${CLIENTS:-8}
BOOKING_CLIENTS=${BOOKING_CLIENTS:-8 64}
RACE_USERS=${RACE_USERS:-500}
SCENARIOS=${SCENARIOS:-search slots booking hotslot}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
STAMP=$(date +%Y%m%d-%H%M%S)
TSV="target/load/results-$STAMP.tsv"
MD="target/load/results-$STAMP.md"

# warm_up SCENARIO...: each app scenario once for WARMUP_SECONDS on the fresh server, unmeasured, so that
# no scenario's first measured run carries the JIT's warm-up (the first one used to: search ran at two
# thirds of its later rate in its first runs).
warm_up() {
  local scenario simulation
  [ "$WARMUP_SECONDS" -gt 0 ] || return 0
  for scenario in "$@"; do
    case "$scenario" in
      search) simulation=SearchSimulation ;;
      slots) simulation=SlotsSimulation ;;
      booking) simulation=BookingLoopSimulation ;;
      *) continue ;;
    esac
    log "Warm-up: $simulation, $WARMUP_SECONDS s, $CLIENTS clients, not measured"
    suite_gatling "$OUT/gatling-warmup-$scenario.log" "$simulation" -Dmedbook.load.model=closed \
      -Dmedbook.load.users="$CLIENTS" -Dmedbook.load.seconds="$WARMUP_SECONDS" -Dmedbook.load.rampSeconds=1 || true
  done
}

suite_prepare
suite_autovacuum
printf 'scenario\trun\tside\tclients\tok_per_s\tp50_ms\tp99_ms\terrors\tconflicts\trequests\tstatements_per_req\txacts_per_req\tcheckouts_per_req\tpgss_per_req\tload_before\tload_after\n' > "$TSV"

# Search first, on its own larger database when SEARCH_DOCTORS asks for one.
if [[ " $SCENARIOS " == *" search "* ]] && [ -n "$SEARCH_DOCTORS" ] && [ "$SEARCH_DOCTORS" != "$DOCTORS" ]; then
  open_database "${DB}_search" "$SEARCH_DOCTORS"
  warm_up search
  for run in $(seq 1 "$RUNS"); do scenario_search "$run"; done
  close_database
fi
open_database "$DB" "$DOCTORS"
# shellcheck disable=SC2086  # one word per scenario
warm_up $SCENARIOS
for scenario in $SCENARIOS; do
  case "$scenario" in
    search) [ -n "$SEARCH_DOCTORS" ] && [ "$SEARCH_DOCTORS" != "$DOCTORS" ] \
              || for run in $(seq 1 "$RUNS"); do scenario_search "$run"; done ;;
    slots) for run in $(seq 1 "$RUNS"); do scenario_slots "$run"; done ;;
    booking) for clients in $BOOKING_CLIENTS; do
               for run in $(seq 1 "$RUNS"); do scenario_booking "$run" "$clients"; done
             done ;;
    hotslot) for run in $(seq 1 "$RUNS"); do scenario_hot_slot "$run"; done ;;
    *) echo "Unknown scenario $scenario (search slots booking hotslot)" >&2; exit 1 ;;
  esac
done
close_database

summary | tee "$MD"
log "Results: $MD and $TSV; logs: $OUT"
