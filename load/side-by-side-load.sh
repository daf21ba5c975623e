#!/usr/bin/env bash
# What a background feature costs a booking, measured with both sides running at the same time.
#
# load/notifications-load.sh runs the feature on and off one after the other; on a shared host whose
# speed drifts by more than the effect between consecutive runs, its pairs cannot tell a 10 % cost from
# noise (BENCHMARKS.md, the A/A series). Here two Medbook servers run at once, each on its own copy of
# one seeded database: side a on PORT, side b on PORT + 1, one with SWITCH=true and one with
# SWITCH=false, and one Gatling process drives both with the same closed loop of USERS patients each
# (NotifiedBookingSimulation with medbook.load.sides), so both meet the same machine at the same
# moments. Which side has the feature on alternates from round to round, so a difference between the
# two ports, databases or start order cancels out over the rounds.
#
# For each round it prints, per side, the 201s per second of the constant phase, the booking's p99, and
# the CPU per booking: the side's server plus its own PostgreSQL backends, from the start of the run
# until its background work was done. Both sides share the same CPUs over the same seconds, so the
# ratio of their CPU per booking is what the feature adds to a booking's cost whatever the host's speed
# then; on a saturated machine throughput is that CPU divided by this cost, so the ratio is also what
# the feature takes off the booking rate. The throughput ratio is printed too, but the scheduler shares
# the cores among runnable threads, not among sides, so a side whose feature keeps threads of its own
# busy also gets more of the machine: its rate understates the cost. WAL is written by one PostgreSQL
# server for both sides and is not split (load/notifications-load.sh measures it per booking).
#
#   load/side-by-side-load.sh                                        # notifications on against off, 6 rounds
#   SWITCH=MEDBOOK_REPORTING_ENABLED BOTH="MEDBOOK_NOTIFICATIONS_ENABLED=false" \
#     OFF_SQL="DROP INDEX medbook.appointments_change_feed_idx" load/side-by-side-load.sh
#                                                                    # what reporting costs a booking
#   SWITCH=MEDBOOK_LOAD_PLACEBO BOTH="MEDBOOK_NOTIFICATIONS_ENABLED=false" load/side-by-side-load.sh
#                                                                    # an A/A check: nothing differs
#   WORKERS_APART=true load/side-by-side-load.sh                     # notifications sent by a node of their own
#
# WORKERS_APART=true (with SWITCH=MEDBOOK_NOTIFICATIONS_ENABLED) is the deployment that keeps the
# notification work off the booking nodes: the "on" side's server runs with
# MEDBOOK_NOTIFICATIONS_WORKERS=false, and a third server (port PORT + 2, reporting off, connecting as
# application "medbook-workers") on the same copy does the fan-out and the sending. One machine has no
# hardware of its own to give it, so it runs under `nice -n WORKER_NICE` (default 19): it takes what the
# booking sides leave and catches up after the run. Its CPU per booking (server and its own database
# backends) is printed apart; the sides' figures count their own backends only, until their own work
# (all but the notifications) is done. With WORKER_PAUSED=true
# the worker node is stopped (SIGSTOP) for the measured run and resumed after it, so the "on" side's
# figures are what a booking node pays itself, with no notification work beside it on the machine.
# WORKER_JAVA_OPTS: more JVM options for the worker node alone (e.g. a flight recording).
#
# Settings: SWITCH, BOTH (VAR=value pairs on both sides), OFF_SQL (run on the "off" side's copy before its
# server starts), ROUNDS (default 6), USERS (patients per side, default 8), SECONDS_PER_RUN (default 30),
# RAMP_SECONDS (10), WARMUP_SECONDS (180, both sides at once on the fresh servers, unmeasured),
# VACUUM_AFTER_WARMUP (true: VACUUM (ANALYZE) both copies between warm-up and measurement), RESET=true
# (seed the database again), PG_SHARED_BUFFERS (e.g. 4GB: PostgreSQL's shared_buffers for the whole run, set
# with ALTER SYSTEM and a restart of the local cluster, reset and restarted again at the end; default: the
# server's own setting, 128MB as installed), PG_STAT_STATEMENTS=true (load pg_stat_statements for the run, the same
# way: each side's statements by time spent in them per booking of the measured run, in the summary and in
# statements.txt; it costs both sides alike, so leave it off for the figures), SIDE_SETTINGS (VAR=value pairs for both sides before BOTH; default
# MEDBOOK_MAX_ACTIVE_BOOKINGS=100000), PATIENTS, DRAIN_TIMEOUT, and those of load/notifications-common.sh (DOCTORS,
# PORT, SMTP_PORT, SMTP_SINK, SERVER_HEAP ...). Logs and the summary: target/load/side-by-side-load-<time>/.
source "$(dirname "$0")/notifications-common.sh"

ROUNDS=${ROUNDS:-6}
USERS=${USERS:-8}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-30}
RAMP_SECONDS=${RAMP_SECONDS:-10}
# Three minutes: after 30 s the JIT compilers still took 5.5 ms of CPU per booking on the side with
# notifications on and 2.8 ms on the other, a third of that side's server CPU; after 180 s, 0.4-0.7
# and 0.2-0.5 ms (the thread groups at the end of the summary show it for every series).
WARMUP_SECONDS=${WARMUP_SECONDS:-180}
VACUUM_AFTER_WARMUP=${VACUUM_AFTER_WARMUP:-true}
# Minutes of warm-up give each of the 5,000 seeded patients about ten upcoming visits, the most one may
# hold (MEDBOOK_MAX_ACTIVE_BOOKINGS): the measured run would then be mostly 422s, more of them on the side
# that booked more while warming up. Both sides get a limit the load cannot reach (still checked on every
# booking, under the same lock).
SIDE_SETTINGS=${SIDE_SETTINGS:-MEDBOOK_MAX_ACTIVE_BOOKINGS=100000}
SWITCH=${SWITCH:-MEDBOOK_NOTIFICATIONS_ENABLED}
OFF_SQL=${OFF_SQL:-}
WORKERS_APART=${WORKERS_APART:-false}
PG_SHARED_BUFFERS=${PG_SHARED_BUFFERS:-}
PG_STAT_STATEMENTS=${PG_STAT_STATEMENTS:-false}
WORKER_NICE=${WORKER_NICE:-19}
WORKER_PAUSED=${WORKER_PAUSED:-false}
WORKER_APP=medbook-workers
if [ "$WORKERS_APART" = true ] && [ "$SWITCH" != MEDBOOK_NOTIFICATIONS_ENABLED ]; then
  echo "WORKERS_APART=true needs SWITCH=MEDBOOK_NOTIFICATIONS_ENABLED" >&2
  exit 2
fi
read -r -a BOTH_SETTINGS <<< "${BOTH:-}"

SEEDED_DB=$DB
declare -A SIDE_PORT=([a]=$PORT [b]=$((PORT + 1)) [w]=$((PORT + 2)))
declare -A SIDE_PID=([a]= [b]=)
WORKER_PID=
# the sides' own database backends: every one but the worker node's
SIDE_BACKENDS="application_name IS DISTINCT FROM '$WORKER_APP'"

# use_side SIDE: the common functions (query, start_server, db_cpu, drain ...) act on that side.
use_side() {
  DB="${SEEDED_DB}_side_$1"
  PORT=${SIDE_PORT[$1]}
  BASE_URL="http://127.0.0.1:$PORT"
  JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
  SERVER_PID=${SIDE_PID[$1]}
}

# start_workers SIDE SETTINGS...: the notification worker node on that side's copy, niced.
start_workers() {
  local side=$1; shift
  use_side "$side"
  PORT=${SIDE_PORT[w]}
  BASE_URL="http://127.0.0.1:$PORT"
  JDBC_URL="$JDBC_URL?ApplicationName=$WORKER_APP"
  SERVER_JAVA_OPTS="$SERVER_JAVA_OPTS ${WORKER_JAVA_OPTS:-}" SERVER_PREFIX="nice -n $WORKER_NICE" start_server "$@" MEDBOOK_NOTIFICATIONS_WORKERS=true MEDBOOK_REPORTING_ENABLED=false
  WORKER_PID=$SERVER_PID
}

stop_workers() {
  SERVER_PID=$WORKER_PID
  [ -z "$WORKER_PID" ] || kill -CONT "$WORKER_PID" 2>/dev/null || true
  stop_server
  WORKER_PID=
}

stop_side() {
  use_side "$1"
  stop_server
  SIDE_PID[$1]=
}

# restart_postgres: the local cluster (the one listening on 5432) restarted, for a setting that needs it.
restart_postgres() {
  local version
  version=$(pg_lsclusters -h | awk '$3 == 5432 { print $1; exit }')
  pg_ctlcluster --skip-systemctl-redirect "$version" main restart
}

side_cleanup() {
  local status=$?
  for pid in "${BACKGROUND_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_side a
  stop_side b
  stop_workers
  stop_smtp_sink
  if [ "$PG_STAT_STATEMENTS" = true ]; then
    psql_admin -c "DROP EXTENSION IF EXISTS pg_stat_statements" || true
    psql_admin -c "ALTER SYSTEM RESET shared_preload_libraries" || true
  fi
  if [ -n "$PG_SHARED_BUFFERS" ]; then
    psql_admin -c "ALTER SYSTEM RESET shared_buffers" || true
  fi
  if [ -n "$PG_SHARED_BUFFERS" ] || [ "$PG_STAT_STATEMENTS" = true ]; then
    restart_postgres || true
    log "PostgreSQL back to its own settings (shared_buffers $(psql_admin -c 'SHOW shared_buffers' || echo '?'), preloaded: '$(psql_admin -c 'SHOW shared_preload_libraries' || echo '?')')"
  fi
  exit $status
}
trap side_cleanup EXIT
trap 'exit 130' INT TERM

# side_field LOG SIDE KEY: KEY from the RESULT line of that side in a Gatling log.
side_field() {
  local value
  value=$(sed -n "s/^RESULT booking-$2: .*[ :]$3=\([^ ]*\).*/\1/p" "$1" | tail -1)
  echo "${value:--}"
}

both_sides() { echo "-Dmedbook.load.sides=a=http://127.0.0.1:${SIDE_PORT[a]},b=http://127.0.0.1:${SIDE_PORT[b]}"; }

# simulation_args SECONDS [WEEK]: the measured runs book in week 1, the warm-up in week 2, so the warm-up
# cannot use up the slots the measurement books (minutes of warm-up book most of a week, and a side
# that booked more of them would then pay for refused attempts in its CPU per booking).
simulation_args() {
  echo "-Dmedbook.load.model=closed -Dmedbook.load.users=$USERS -Dmedbook.load.seconds=$1" \
       "-Dmedbook.load.rampSeconds=$RAMP_SECONDS -Dmedbook.load.week=${2:-1} $(both_sides)"
}

# drain_side SIDE SETTINGS...: waits until that side's background work is done; prints the seconds.
drain_side() {
  local side=$1; shift
  use_side "$side"
  if reporting_on "$@"; then READS_FEED=true; else READS_FEED=false; fi
  drain
}

# The seeded database, kept as $SEED_DB: every side of every round starts from a copy of it.
if [ "${RESET:-false}" = true ] && seed_kept; then psql_admin -c "DROP DATABASE $SEED_DB"; fi
prepare
if [ -n "$PG_SHARED_BUFFERS" ]; then
  psql_admin -c "ALTER SYSTEM SET shared_buffers = '$PG_SHARED_BUFFERS'"
fi
if [ "$PG_STAT_STATEMENTS" = true ]; then
  psql_admin -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
fi
if [ -n "$PG_SHARED_BUFFERS" ] || [ "$PG_STAT_STATEMENTS" = true ]; then
  restart_postgres
  log "PostgreSQL restarted with shared_buffers = $(psql_admin -c 'SHOW shared_buffers'), preloaded: '$(psql_admin -c 'SHOW shared_preload_libraries')' until this script ends"
fi
if [ "$PG_STAT_STATEMENTS" = true ]; then
  psql_admin -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
fi

# side_statements ROUND ON|OFF: the side's statements since the run's start, per booking of the run,
# appended to statements.txt as "round<TAB>on|off<TAB>ms per booking<TAB>calls per booking<TAB>statement".
side_statements() {
  psql_admin -F $'\t' -c "SELECT '$1', '$2', round((s.total_exec_time / ${BOOKED[$side]})::numeric, 4),
      round((s.calls::numeric / ${BOOKED[$side]}), 3), left(regexp_replace(s.query, '\s+', ' ', 'g'), 90)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$DB'" >> "$OUT/statements.txt"
}
start_smtp_sink
if ! seed_kept; then
  RESET=true ensure_database
  seed_database
  psql_admin -c "CREATE DATABASE $SEED_DB TEMPLATE $DB"
  log "Kept the seeded database as $SEED_DB"
fi

ROWS=()
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then on_side=a; off_side=b; else on_side=b; off_side=a; fi
  declare -A SETTINGS_OF=()
  SETTINGS_OF[$on_side]="$SIDE_SETTINGS ${BOTH:-} $SWITCH=true"
  if [ "$WORKERS_APART" = true ]; then SETTINGS_OF[$on_side]+=" MEDBOOK_NOTIFICATIONS_WORKERS=false"; fi
  SETTINGS_OF[$off_side]="$SIDE_SETTINGS ${BOTH:-} $SWITCH=false"
  log "== Round $round: $SWITCH on at side $on_side (port ${SIDE_PORT[$on_side]}), off at side $off_side (port ${SIDE_PORT[$off_side]})"
  for side in a b; do restore_seed "${SEEDED_DB}_side_$side"; done
  if [ -n "$OFF_SQL" ]; then use_side "$off_side"; query "$OFF_SQL" > /dev/null; fi
  for side in a b; do
    use_side "$side"
    # shellcheck disable=SC2086
    start_server "round$round-$side" ${SETTINGS_OF[$side]}
    SIDE_PID[$side]=$SERVER_PID
  done
  if [ "$WORKERS_APART" = true ]; then
    # shellcheck disable=SC2086
    start_workers "$on_side" "round$round-workers" $SIDE_SETTINGS ${BOTH:-} "$SWITCH=true"
  fi
  use_side a  # the simulation reads the doctors and patients from side a (the same ids on both copies)
  if [ "$WARMUP_SECONDS" -gt 0 ]; then
    log "Warm-up: $WARMUP_SECONDS s, both sides"
    # shellcheck disable=SC2046
    gatling "$OUT/gatling-warmup-$round.log" NotifiedBookingSimulation $(simulation_args "$WARMUP_SECONDS" 2)
    for side in a b; do
      # shellcheck disable=SC2086
      log "Warm-up backlog of side $side drained in $(drain_side "$side" ${SETTINGS_OF[$side]}) s"
    done
  fi
  if [ "$VACUUM_AFTER_WARMUP" = true ]; then
    # autovacuum is off on this server (as .ci/run leaves it), so minutes of warm-up leave every churning
    # table (events, deliveries, holds, outbox, reports) full of dead rows and the planner with the
    # statistics of the seed: both copies are vacuumed and analyzed, as autovacuum would have kept them
    for side in a b; do
      use_side "$side"
      started=$SECONDS
      query "VACUUM (ANALYZE)" > /dev/null
      log "Vacuumed and analyzed side $side in $((SECONDS - started)) s"
    done
  fi
  declare -A STARTED_AT=() SERVER_CPU=()
  if [ "$PG_STAT_STATEMENTS" = true ]; then psql_admin -c "SELECT pg_stat_statements_reset()" > /dev/null; fi
  load_before=$(load_average)
  for side in a b; do
    use_side "$side"
    STARTED_AT[$side]=$(query "SELECT now()")
    SERVER_CPU[$side]=$(cpu_seconds "${SIDE_PID[$side]}")
    thread_cpu "${SIDE_PID[$side]}" "$OUT/threads-before-$round-$side.txt"
    db_cpu "$OUT/db-cpu-before-$round-$side.txt" "$SIDE_BACKENDS"
  done
  if [ -n "$WORKER_PID" ]; then
    use_side "$on_side"
    worker_cpu_before=$(cpu_seconds "$WORKER_PID")
    db_cpu "$OUT/db-cpu-before-$round-w.txt" "application_name = '$WORKER_APP'"
  fi
  if [ -n "$WORKER_PID" ] && [ "$WORKER_PAUSED" = true ]; then kill -STOP "$WORKER_PID"; fi
  use_side a
  gl="$OUT/gatling-$round.log"
  # shellcheck disable=SC2046
  gatling "$gl" NotifiedBookingSimulation $(simulation_args "$SECONDS_PER_RUN")
  if [ -n "$WORKER_PID" ]; then
    [ "$WORKER_PAUSED" != true ] || kill -CONT "$WORKER_PID"
    log "Worker node: $(awk -v a="$worker_cpu_before" -v b="$(cpu_seconds "$WORKER_PID")" 'BEGIN { printf "%.1f", b - a }') s of CPU during the run"
  fi
  load_after=$(load_average)
  declare -A DRAINED=() PER_BOOKING=() BOOKED=()
  for side in a b; do
    # CPU from the start of the run until this side's background work was done; the other side may
    # still be draining meanwhile, which both sides meet in turn as the feature changes sides. With the
    # workers apart, a side's own work is done when all but the notifications' part is (the worker
    # node's is counted below).
    if [ "$WORKERS_APART" = true ]; then count_notifications=false; else count_notifications=true; fi
    # shellcheck disable=SC2086
    DRAINED[$side]=$(COUNT_NOTIFICATIONS=$count_notifications drain_side "$side" ${SETTINGS_OF[$side]})
    use_side "$side"  # drain_side ran in a subshell
    server_cpu=$(awk -v a="${SERVER_CPU[$side]}" -v b="$(cpu_seconds "${SIDE_PID[$side]}")" 'BEGIN { printf "%.1f", b - a }')
    thread_cpu "${SIDE_PID[$side]}" "$OUT/threads-after-$round-$side.txt"
    db_cpu "$OUT/db-cpu-after-$round-$side.txt" "$SIDE_BACKENDS"
    database_cpu=$(db_cpu_used "$OUT/db-cpu-before-$round-$side.txt" "$OUT/db-cpu-after-$round-$side.txt")
    BOOKED[$side]=$(query "SELECT count(*) FROM medbook.appointments WHERE created_at >= '${STARTED_AT[$side]}'")
    PER_BOOKING[$side]=$(awk -v s="$server_cpu" -v d="$database_cpu" -v n="${BOOKED[$side]}" \
      'BEGIN { if (n > 0) printf "%.2f %.2f", s * 1000 / n, d * 1000 / n; else print "- -" }')
    if [ "$PG_STAT_STATEMENTS" = true ] && [ "${BOOKED[$side]}" -gt 0 ]; then
      if [ "$side" = "$on_side" ]; then side_statements "$round" on; else side_statements "$round" off; fi
    fi
  done
  worker="-"
  if [ -n "$WORKER_PID" ]; then
    # shellcheck disable=SC2086
    log "Notifications of side $on_side sent by the worker node $(drain_side "$on_side" ${SETTINGS_OF[$on_side]}) s later"
    use_side "$on_side"  # the worker node's CPU from the run's start until its backlog was empty
    db_cpu "$OUT/db-cpu-after-$round-w.txt" "application_name = '$WORKER_APP'"
    worker=$(awk -v a="$worker_cpu_before" -v b="$(cpu_seconds "$WORKER_PID")" -v n="${BOOKED[$on_side]}" \
      -v d="$(db_cpu_used "$OUT/db-cpu-before-$round-w.txt" "$OUT/db-cpu-after-$round-w.txt")" \
      'BEGIN { if (n > 0) printf "%.2f+%.2f", (b - a) * 1000 / n, d * 1000 / n; else print "-" }')
    stop_workers
  fi
  stop_side a
  stop_side b
  # the server's CPU by thread group, per side: "round on|off group cpu-seconds bookings"
  for side in a b; do
    if [ "$side" = "$on_side" ]; then which=on; else which=off; fi
    awk -v r="$round" -v w="$which" -v n="${BOOKED[$side]}" 'NR == FNR { before[$1] = $2; next }
        { printf "%s %s %s %.2f %s\n", r, w, $1, $2 - before[$1], n }' \
      "$OUT/threads-before-$round-$side.txt" "$OUT/threads-after-$round-$side.txt" >> "$OUT/threads.txt"
  done
  read -r srv_on db_on <<< "${PER_BOOKING[$on_side]}"
  read -r srv_off db_off <<< "${PER_BOOKING[$off_side]}"
  rate_on=$(side_field "$gl" "$on_side" rate201)
  rate_off=$(side_field "$gl" "$off_side" rate201)
  row=$(awk -v r="$round" -v s="$on_side" -v ron="$rate_on" -v roff="$rate_off" \
      -v pon="$(side_field "$gl" "$on_side" p99)" -v poff="$(side_field "$gl" "$off_side" p99)" \
      -v son="$srv_on" -v don="$db_on" -v soff="$srv_off" -v doff="$db_off" \
      -v bon="${BOOKED[$on_side]}" -v boff="${BOOKED[$off_side]}" \
      -v dron="${DRAINED[$on_side]}" -v droff="${DRAINED[$off_side]}" -v lb="$load_before" -v la="$load_after" -v w="$worker" \
      'BEGIN { con = son + don; coff = soff + doff
               printf "%-5s %-4s %7s %7s %+7.1f %6s %6s %6s %6s %5.2f+%4.2f %5.2f+%4.2f %+7.1f %6s %6s %10s   %s → %s",
                 r, s, ron, roff, (roff > 0 ? (ron / roff - 1) * 100 : 0), pon, poff, bon, boff,
                 son, don, soff, doff, (coff > 0 ? (con / coff - 1) * 100 : 0), dron, droff, w, lb, la }')
  ROWS+=("$row")
  echo "$row"
done

median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }
column() { printf '%s\n' "${ROWS[@]}" | awk -v col="$1" '{print $col}' | sort -g; }
spread() {
  local values
  values=$(column "$1")
  printf 'median %+.1f %% (min %s, max %s)\n' "$(echo "$values" | median)" "$(echo "$values" | head -1)" "$(echo "$values" | tail -1)"
}

{
  echo
  echo "== Side by side: booking with $SWITCH on against off, both at once${BOTH:+ ($BOTH on both sides)}" \
       "($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD))"
  echo "closed loop, $USERS patients per side booking without pause; ${SECONDS_PER_RUN} s measured after a ${RAMP_SECONDS} s ramp"
  echo "(warm-up ${WARMUP_SECONDS} s on each pair of fresh servers); $DOCTORS demo doctors with accounts, $PATIENTS patients;"
  echo "each side on its own copy of $SEED_DB, booking week 1${OFF_SQL:+; on the off side first: $OFF_SQL};"
  echo "PostgreSQL $(psql_admin -c 'SHOW server_version' | cut -d' ' -f1), shared_buffers $(psql_admin -c 'SHOW shared_buffers')$([ -n "$PG_SHARED_BUFFERS" ] && echo ' (PG_SHARED_BUFFERS)' || true)"
  echo "on: the side with the feature on (a: port ${SIDE_PORT[a]}, b: port ${SIDE_PORT[b]}); 201/s and p99: constant phase;"
  echo "booked: appointments created; cpu ms/bk: server + its PostgreSQL backends per booking, until its backlog was empty;"
  echo "drain: seconds from the run's end until the side's backlog was empty"
  if [ "$WORKERS_APART" = true ]; then
    echo "workers apart: the on side's notifications sent by a third server under nice -n $WORKER_NICE$([ "$WORKER_PAUSED" != true ] || echo ", stopped during the run"); cpu-on counts"
    echo "the booking server and its own backends until its own work (all but the notifications) was done, dr-on that"
    echo "time; workers: the worker server + its backends per booking of the on side, until the notifications were sent"
  fi
  printf '%-5s %-4s %7s %7s %7s %6s %6s %6s %6s %10s %10s %7s %6s %6s %10s   %s\n' round on "on/s" "off/s" "rate%" \
    "p99on" "p99off" "bk-on" "bk-off" "cpu-on" "cpu-off" "cpu%" "dr-on" "dr-off" "workers" "load avg before → after"
  printf '%s\n' "${ROWS[@]}"
  echo "booking rate, on against off: $(spread 5)"
  echo "CPU per booking, on against off: $(spread 12)"
  if [ "$WORKERS_APART" = true ]; then
    echo "worker node, ms per booking (server + its backends): median $(column 15 | awk -F+ '{print $1 + $2}' | median)"
  fi
  echo "server CPU by thread group, ms per booking over all rounds (digits dropped from thread names; groups"
  echo "under 0.05 ms on both sides left out):"
  printf '  %-42s %8s %8s %8s\n' group on off added
  # the carriers of virtual threads come and go (the pool retires idle ones and adds some while others
  # block), so theirs is what the process spent beyond the other groups, with every thread that ended
  awk '$3 == "=process" { cpu["virtual-thread-carriers+ended-threads", $2] += $4; next }
       { if ($3 ~ /^ForkJoinPool--/) next
         cpu[$3, $2] += $4; cpu["virtual-thread-carriers+ended-threads", $2] -= $4
         if (!(($1, $2) in seen)) { seen[$1, $2] = 1; booked[$2] += $5 } groups[$3] = 1 }
       END { groups["virtual-thread-carriers+ended-threads"] = 1
             for (g in groups) { on = booked["on"] ? cpu[g, "on"] * 1000 / booked["on"] : 0
               off = booked["off"] ? cpu[g, "off"] * 1000 / booked["off"] : 0
               if (on >= 0.05 || off >= 0.05) printf "  %-42s %8.2f %8.2f %+8.2f\n", g, on, off, on - off } }' \
    "$OUT/threads.txt" | sort -k4 -g -r
  if [ "$PG_STAT_STATEMENTS" = true ]; then
    echo "statements by time spent in PostgreSQL (pg_stat_statements, wall time inside the server, so waits for a"
    echo "core count too), ms per booking, mean of the rounds; the 20 with the most on the "on" side:"
    printf '  %8s %8s %8s  %s\n' on off added statement
    awk -F'\t' -v rounds="$ROUNDS" '{ ms[$5, $2] += $3; text[$5] = 1 }
         END { for (q in text) printf "  %8.3f %8.3f %+8.3f  %s\n", ms[q, "on"] / rounds, ms[q, "off"] / rounds,
                                     (ms[q, "on"] - ms[q, "off"]) / rounds, q }' "$OUT/statements.txt" \
      | sort -k1 -g -r | head -20
  fi
  echo "logs: $OUT"
} | tee "$OUT/summary.txt"
