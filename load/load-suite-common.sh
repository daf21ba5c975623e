# shellcheck shell=bash
# Sourced by load/run-load.sh after load/notifications-common.sh (whose helpers it uses: sql, query,
# result_field, find_java, prepare, stop_server): the suite's server, its databases, the
# per-request counters, the app runs, their pgbench twins and the summary.

CREATED_DATABASES=()
HOT_SLOT_LINES=()
GATLING_PID=

# sql_script: the SQL script on stdin, tried again for a while when PostgreSQL has no connection to spare.
sql_script() {
  local script attempt
  script=$(cat)
  for attempt in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    sql <<< "$script" > /dev/null 2>> "$OUT/psql-errors.log" && return 0
    sleep 1
  done
  echo "PostgreSQL did not run a script (see $OUT/psql-errors.log)" >&2
  return 1
}
# statements counted by pg_stat_statements too, when PostgreSQL preloads it (checked per database)
PGSS=false

# Builds Medbook and the simulations (prepare) and writes the simulations' class path, so each run
# starts Gatling directly instead of through Maven (which would regenerate sources first).
suite_prepare() {
  if [ "${SKIP_BUILD:-false}" = true ] && [ -f target/load/gatling-classpath.txt ] && [ -f target/load/classpath.txt ]; then
    find_java
    log "Not building (SKIP_BUILD=true): target/classes and target/test-classes as they are"
    return
  fi
  prepare
  mvn -B -q -Pload dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/load/gatling-classpath.txt \
    >> "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
}

# suite_gatling LOG SIMULATION [-Dprop=value ...]: one simulation against the server, output to LOG.
suite_gatling() {
  local log_file=$1 simulation=$2; shift 2
  "$JAVA" -server -Xmx1g -XX:+HeapDumpOnOutOfMemoryError -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 ${GATLING_JAVA_OPTS:-} \
      --add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
      -cp "target/test-classes:target/classes:$(cat target/load/gatling-classpath.txt)" \
      -Dmedbook.load.baseUrl="$BASE_URL" -Dmedbook.load.jdbcUrl="$JDBC_URL" "$@" \
      io.gatling.app.Gatling --simulation "org.medbook.load.$simulation" --results-folder target/gatling --no-reports \
      > "$log_file" 2>&1 || { echo "Gatling failed; see $log_file" >&2; tail -30 "$log_file" >&2; return 1; }
}

# suite_autovacuum: PostgreSQL's autovacuum on for the suite's duration when this server runs without it
# (the development machines' conf.d turns it off for the tests). Without it nothing vacuums or analyses
# while the suite books: the queue and rollup tables that bookings update and delete from keep every
# dead row, and each run pays more for them than the one before, as no production database does. It is
# a server-wide setting (ALTER SYSTEM, reloaded); suite_cleanup resets it. SUITE_AUTOVACUUM=false leaves
# the server as it is.
AUTOVACUUM_SET=false
suite_autovacuum() {
  [ "${SUITE_AUTOVACUUM:-true}" = true ] || return 0
  if [ "$(psql_admin -c 'SHOW autovacuum')" = off ]; then
    psql_admin -c "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" > /dev/null
    AUTOVACUUM_SET=true
    log "PostgreSQL's autovacuum was off: on until the suite ends (ALTER SYSTEM; SUITE_AUTOVACUUM=false leaves it off)"
  fi
}

suite_cleanup() {
  local status=$?
  if [ "$AUTOVACUUM_SET" = true ]; then
    psql_admin -c "ALTER SYSTEM RESET autovacuum" -c "SELECT pg_reload_conf()" > /dev/null || true
  fi
  [ -z "$GATLING_PID" ] || pkill -P "$GATLING_PID" 2> /dev/null || true
  stop_server
  drop_created_databases
  exit $status
}

drop_created_databases() {
  [ "$KEEP_DB" = true ] && return 0
  local db attempt
  for db in "${CREATED_DATABASES[@]}"; do
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
      psql_admin -c "DROP DATABASE IF EXISTS $db" > /dev/null 2>&1 && continue 2
      sleep 1
    done
    log "Could not drop $db"
  done
  CREATED_DATABASES=()
}

# open_database NAME DOCTORS: a fresh database (or the kept one with KEEP_DB=true), Medbook started on
# it with DOCTORS demo doctors, and the pgbench helpers' schema load_bench.
open_database() {
  DB=$1
  local doctors=$2
  JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
  if [ "$KEEP_DB" != true ]; then
    psql_admin -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" > /dev/null
  fi
  if ! psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql_admin -c "CREATE DATABASE $DB" > /dev/null
    [ "$KEEP_DB" = true ] || CREATED_DATABASES+=("$DB")
  fi
  DOCTORS=$doctors
  log "Database $DB: starting Medbook with $doctors demo doctors (the first start generates them and builds the search read model)"
  start_suite_server "$DB"
  sql_script <<'SQL'
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS load_bench CASCADE;
CREATE SCHEMA load_bench;
CREATE TABLE load_bench.doctors AS
SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM medbook.doctors WHERE licence_number LIKE 'DEMO-%';
ALTER TABLE load_bench.doctors ADD PRIMARY KEY (n);
SQL
  BENCH_DOCTORS=$(query "SELECT count(*) FROM load_bench.doctors")
  PGSS=false
  if sql -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT count(*) FROM pg_stat_statements" > /dev/null 2>&1; then
    PGSS=true
  fi
  STATEMENT_SOURCE="JDBC statements counted by the server (datasource-micrometer's jdbc.query, BEGIN/COMMIT not included; only with SUITE_TRACING_JDBC=true)"
  [ "$PGSS" = true ] && STATEMENT_SOURCE="$STATEMENT_SOURCE; pg_stat_statements calls of this database (all statements PostgreSQL ran)"
  [ "$PGSS" = true ] || STATEMENT_SOURCE="$STATEMENT_SOURCE; pg_stat_statements not available (not in shared_preload_libraries)"
  log "Ready: $BENCH_DOCTORS demo doctors, $(query "SELECT count(*) FROM medbook.search_runs") runs of free time in the read model; pg_stat_statements: $PGSS"
}

close_database() {
  stop_server
  if [ "$KEEP_DB" = true ]; then
    query "DROP SCHEMA IF EXISTS load_bench CASCADE" > /dev/null
  fi
}

start_suite_server() {
  local log_file="$OUT/server-$1.log"
  find_java
  env MEDBOOK_DB_URL="$JDBC_URL" MEDBOOK_LOG_FORMAT= MEDBOOK_LOG_CODES=false PORT="$PORT" \
      MEDBOOK_MANAGEMENT_PORT="$MANAGEMENT_PORT" MEDBOOK_TRACING_JDBC="${SUITE_TRACING_JDBC:-false}" \
      MEDBOOK_MAX_ACTIVE_BOOKINGS=1000000 MEDBOOK_MAX_BOOKINGS_PER_DOCTOR=1000000 \
    "$JAVA" -Xms1g -Xmx"$SERVER_HEAP" $SERVER_JAVA_OPTS -cp "target/classes:$(cat target/load/classpath.txt)" org.medbook.MedbookApplication \
      --medbook.demo.doctors="$DOCTORS" --medbook.search.rebuild-on-start=false \
      --logging.level.org.springframework.modulith=WARN > "$log_file" 2>&1 &
  SERVER_PID=$!
  local started=$SECONDS
  until curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" > /dev/null 2>&1 \
        && [ "$(query 'SELECT count(*) FROM medbook.search_doctors' 2>/dev/null || echo 0)" -ge "$DOCTORS" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "Medbook stopped; see $log_file" >&2; tail -20 "$log_file" >&2; exit 1; }
    [ $((SECONDS - started)) -lt 3600 ] || { echo "Medbook not ready after 3600 s; see $log_file" >&2; exit 1; }
    sleep 3
  done
  log "Medbook ready on $BASE_URL after $((SECONDS - started)) s (log $log_file)"
}

# counters: "statements checkouts xacts pgss" so far (server metrics, pg_stat_database, pg_stat_statements);
# "-" for one that could not be read (PostgreSQL may have no connection to spare).
counters() {
  local metrics statements=- checkouts=- xacts pgss=-
  if metrics=$(curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus"); then
    statements=$(awk '/^jdbc_query_seconds_count/ { n += $NF; seen = 1 } END { if (seen) printf "%d", n }' <<< "$metrics")
    checkouts=$(awk '/^hikaricp_connections_acquire_seconds_count/ { n += $NF } END { printf "%d", n }' <<< "$metrics")
  fi
  xacts=$(query "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()" || echo -)
  if [ "$PGSS" = true ]; then
    pgss=$(query "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())" || echo -)
  fi
  echo "${statements:--} ${checkouts:--} ${xacts:--} ${pgss:--}"
}

# per_request BEFORE AFTER REQUESTS: the counters' deltas divided by REQUESTS, "statements xacts checkouts pgss".
per_request() {
  awk -v r="$3" 'function d(i) { return (r <= 0 || a[i] == "-" || b[i] == "-") ? "-" : sprintf("%.1f", (a[i] - b[i]) / r) }
    { split($0, a, " ") } NR == 1 { for (i = 1; i <= 4; i++) b[i] = a[i] }
    NR == 2 { print d(1), d(3), d(2), d(4) }' <(echo "$1"; echo "$2")
}

# row SCENARIO RUN SIDE CLIENTS OK/S P50 P99 ERRORS CONFLICTS REQUESTS STATEMENTS XACTS CHECKOUTS PGSS LOAD_BEFORE
row() {
  local line
  line=$(printf '%s\t' "$@")
  printf '%s%s\n' "$line" "$(load_average)" >> "$TSV"
  printf '%-12s run %-2s %-8s %3s clients: %9s ok/s  p50 %5s ms  p99 %5s ms  errors %s  409 %s  statements/req %s  xacts/req %s  checkouts/req %s\n' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${11}" "${12}" "${13}" >&2
}

# app_run SCENARIO RUN CLIENTS SIMULATION COUNTED_STATUS [-Dprop=value ...]: one Gatling run in a closed
# loop, with the counters read before and after it.
app_run() {
  local scenario=$1 run=$2 clients=$3 simulation=$4 counted=$5; shift 5
  local gl="$OUT/gatling-$scenario-$clients-$run.log" before after load_before total outside requests ok errors conflicts
  load_before=$(load_average)
  suite_gatling "$gl" "$simulation" -Dmedbook.load.model=closed -Dmedbook.load.users="$clients" \
    -Dmedbook.load.seconds="$SECONDS_PER_RUN" -Dmedbook.load.rampSeconds="$RAMP_SECONDS" "$@" &
  GATLING_PID=$!
  # counted from the injection's start: the simulation's setup (its own searches, reading slots) is not
  until grep -q '^Simulation .* started' "$gl" 2> /dev/null || ! kill -0 "$GATLING_PID" 2> /dev/null; do sleep 0.2; done
  before=$(counters)
  wait "$GATLING_PID" || true
  GATLING_PID=
  sleep 2 # idle backends report their statistics within about a second
  after=$(counters)
  total=$(result_field "$gl" total); outside=$(result_field "$gl" outsideWindow)
  [ "$total" != - ] || { log "No RESULT line in $gl"; total=0; outside=0; }
  requests=$((total + outside))
  ok=$(result_field "$gl" "status$counted"); [ "$ok" != - ] || ok=0
  conflicts=$(result_field "$gl" status409); [ "$conflicts" != - ] || conflicts=0
  [ "$counted" = 201 ] || conflicts=0
  errors=$((total - ok - conflicts))
  # shellcheck disable=SC2046
  row "$scenario" "$run" app "$clients" "$(result_field "$gl" "rate$counted")" "$(result_field "$gl" p50)" \
    "$(result_field "$gl" p99)" "$errors" "$conflicts" "$requests" $(per_request "$before" "$after" "$requests") "$load_before"
}

# pgbench_run SCENARIO RUN CLIENTS SCRIPT STATEMENTS [pgbench options]: the twin, with per-transaction
# latencies (-l) for its percentiles; STATEMENTS is the script's count without BEGIN/COMMIT.
pgbench_run() {
  local scenario=$1 run=$2 clients=$3 script=$4 statements=$5; shift 5
  local prefix="$OUT/pgbench-$scenario-$clients-$run" out load_before before after tps failed count p50 p99 threads
  out="$prefix.log"
  if [ "$clients" -eq 0 ]; then
    log "No connection free in PostgreSQL: pgbench skipped"
    row "$scenario" "$run" pgbench 0 - - - - 0 0 "$statements" - - - "$(load_average)"
    return
  fi
  threads=$(( clients < 2 ? clients : 2 ))
  load_before=$(load_average)
  before=$(counters)
  PGOPTIONS="-c search_path=medbook,public $PGBENCH_JIT" pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$clients" -j "$threads" \
    -l --log-prefix="$prefix" "$@" -f "$script" "$DB" > "$out" 2>&1 || log "pgbench ended with an error; see $out"
  after=$(counters)
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out" | tail -1)
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out" | tail -1)
  # aborted clients count as errors too
  failed=$(( ${failed:-0} + $(grep -c 'client [0-9]* aborted' "$out" || true) ))
  read -r count p50 p99 <<< "$(cat "$prefix".* 2>/dev/null | awk '{ print $3 / 1000 }' | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) { print "0 - -"; exit }
            i50 = int(NR * 0.5 + 0.999999); i99 = int(NR * 0.99 + 0.999999)
            printf "%d %.1f %.1f\n", NR, v[i50], v[i99] }')"
  rm -f "$prefix".[0-9]*
  # shellcheck disable=SC2046
  row "$scenario" "$run" pgbench "$clients" "$(printf '%.1f' "${tps:-0}")" "$p50" "$p99" "$failed" 0 "$count" \
    "$statements" $(per_request "$before" "$after" "$count" | awk '{ print $2, "-", $4 }') "$load_before"
}

# pgbench_clients WANTED: the clients PostgreSQL can still take (other work may hold connections), at
# most WANTED; 0 when none (the twin is then skipped and its row says so).
pgbench_clients() {
  local free
  free=$(query "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                       - (SELECT count(*) FROM pg_stat_activity) - 2" || echo 0)
  free=$(( free < $1 ? free : $1 ))
  [ "$free" -gt 0 ] || free=0
  [ "$free" -ge "$1" ] || log "Only $free connections free in PostgreSQL: pgbench runs with $free clients instead of $1"
  echo "$free"
}

scenario_search() {
  log "== search, run $1: $CLIENTS clients"
  app_run search "$1" "$CLIENTS" SearchSimulation 200
  pgbench_run search "$1" "$(pgbench_clients "$CLIENTS")" load/search.pgbench 1 -T "$SECONDS_PER_RUN"
}

scenario_slots() {
  log "== 30-day slots, run $1: $CLIENTS clients"
  app_run slots "$1" "$CLIENTS" SlotsSimulation 200
  pgbench_run slots "$1" "$(pgbench_clients "$CLIENTS")" load/slots.pgbench 9 -T "$SECONDS_PER_RUN" -D doctors="$BENCH_DOCTORS"
}

# Empty copies of the tables a booking writes, for the pgbench twins (the app's rows stay untouched).
bench_tables() {
  sql_script <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS load_bench.payment_ledger, load_bench.payments, load_bench.appointments, load_bench.event_publication;
CREATE TABLE load_bench.appointments (LIKE medbook.appointments INCLUDING ALL);
CREATE TABLE load_bench.payments (LIKE medbook.payments INCLUDING ALL);
CREATE TABLE load_bench.payment_ledger (LIKE medbook.payment_ledger INCLUDING ALL);
ALTER TABLE load_bench.payment_ledger ADD FOREIGN KEY (payment_id) REFERENCES load_bench.payments (id);
CREATE TABLE load_bench.event_publication (LIKE medbook.event_publication INCLUDING ALL);
SQL
}

scenario_booking() {
  local run=$1 clients=$2
  log "== cash booking, closed loop, run $run: $clients clients"
  app_run "booking-$clients" "$run" "$clients" BookingLoopSimulation 201
  bench_tables
  pgbench_run "booking-$clients" "$run" "$(pgbench_clients "$clients")" load/booking.pgbench 5 -T "$SECONDS_PER_RUN" \
    -D doctors="$BENCH_DOCTORS"
}

# The race: the app's answers must be 16 × 201 and the rest 409 with exactly 16 rows (HotSlotSimulation
# checks both); pgbench's twin must leave exactly 16 rows of RACE_USERS attempts.
scenario_hot_slot() {
  local run=$1 gl="$OUT/gatling-hotslot-$1.log" load_before line ok p50 p99 max clients doctor rows
  log "== hot slot, run $run: $RACE_USERS patients, 16 slots"
  load_before=$(load_average)
  suite_gatling "$gl" HotSlotSimulation -Dmedbook.load.raceUsers="$RACE_USERS" || true
  line=$(grep -m1 'HOT SLOT RESULT' "$gl" || echo "HOT SLOT RESULT: none")
  log "$line"
  ok=$([[ "$line" == *" 16 active bookings in 16 slots"* ]] && [[ "$line" == *" created=16 conflicts=$((RACE_USERS - 16)) "* ]] \
    && echo 0 || echo 1)
  p50=$(sed -n 's/.* p50=\([0-9]*\).*/\1/p' <<< "$line"); p99=$(sed -n 's/.* p99=\([0-9]*\).*/\1/p' <<< "$line")
  max=$(sed -n 's/.* max=\([0-9]*\).*/\1/p' <<< "$line")
  row hotslot "$run" app "$RACE_USERS" "$(awk -v n="$RACE_USERS" -v m="${max:-0}" 'BEGIN { printf "%.1f", (m > 0 ? n * 1000 / m : 0) }')" \
    "${p50:--}" "${p99:--}" "$ok" "$(sed -n 's/.*conflicts=\([0-9]*\).*/\1/p' <<< "$line")" "$RACE_USERS" - - - - "$load_before"
  bench_tables
  clients=$(pgbench_clients 50)
  doctor=$(query "SELECT id FROM load_bench.doctors WHERE n = 1")
  pgbench_run hotslot "$run" "$clients" load/hot-slot.pgbench 2 -t $(( (RACE_USERS + clients - 1) / clients )) -D doctor="$doctor"
  rows=$(query "SELECT count(*) FROM load_bench.appointments")
  HOT_SLOT_LINES+=("run $run, app: ${line#HOT SLOT RESULT: }")
  HOT_SLOT_LINES+=("run $run, pgbench: $rows rows for $(( (RACE_USERS + clients - 1) / clients * clients )) attempts from $clients clients (must be 16)")
  log "${HOT_SLOT_LINES[-1]}"
  if [ "$rows" != 16 ]; then
    # the last row is this race's: count it as failed
    awk -F'\t' -v OFS='\t' -v last="$(wc -l < "$TSV")" 'NR == last { $8 = $8 + 1 } 1' "$TSV" > "$TSV.tmp" && mv "$TSV.tmp" "$TSV"
  fi
}

# The summary of the TSV: per scenario and side, median (min-max) of ok/s, medians of the rest, and the
# ratio app / pgbench of the median throughputs.
summary() {
  echo "# Medbook load suite, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src load || echo ' (with local changes)'), $(nproc) cores," \
       "load average at the end $(load_average). $DOCTORS demo doctors${SEARCH_DOCTORS:+ (search: $SEARCH_DOCTORS)}," \
       "$RUNS run(s) of $SECONDS_PER_RUN s after a $RAMP_SECONDS s ramp per scenario; app and pgbench on the same database."
  echo "Statements: $STATEMENT_SOURCE. Transactions: pg_stat_database xact_commit + xact_rollback of the database." \
       "Checkouts: Hikari's connection acquisitions. All per request, from the start of injection to 2 s after its end (ramp and background work included)."
  echo
  echo "| scenario | side | clients | ok/s median (min–max) | p50 ms | p99 ms | errors | 409 | statements/req | xacts/req | checkouts/req | pg_stat_statements/req | app / pgbench |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 {
      key = $1 "\t" $3; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      runs[key]++; k = runs[key]
      for (f = 4; f <= 14; f++) v[key, f, k] = $f
    }
    function median(key, f,    m, i, j, t, a) {
      m = runs[key]; for (i = 1; i <= m; i++) a[i] = v[key, f, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      lo = a[1]; hi = a[m]
      return (a[int((m + 1) / 2)] == "-") ? "-" : a[int((m + 1) / 2)]
    }
    END {
      for (i = 1; i <= n; i++) {
        key = order[i]; split(key, p, "\t")
        ok = median(key, 5); range = (runs[key] > 1) ? sprintf(" (%s–%s)", lo, hi) : ""
        med[key] = ok
        errors = 0; for (r = 1; r <= runs[key]; r++) errors += v[key, 8, r]
        conflicts = 0; for (r = 1; r <= runs[key]; r++) conflicts += v[key, 9, r]
        ratio = ""
        if (p[2] == "pgbench" && med[p[1] "\tapp"] > 0 && ok > 0) ratio = sprintf("%.3f (1 : %.1f)", med[p[1] "\tapp"] / ok, ok / med[p[1] "\tapp"])
        printf "| %s | %s | %s | %s%s | %s | %s | %d | %d | %s | %s | %s | %s | %s |\n", p[1], p[2], v[key, 4, 1], ok, range,
          median(key, 6), median(key, 7), errors, conflicts, median(key, 11), median(key, 12), median(key, 13), median(key, 14), ratio
      }
    }' "$TSV"
  echo
  [ ${#HOT_SLOT_LINES[@]} -eq 0 ] || { echo "Hot slot:"; echo; printf -- '- %s\n' "${HOT_SLOT_LINES[@]}"; echo; }
  echo "hotslot: ok/s is attempts per second until the last answer; errors counts runs where the database did not hold"
  echo "exactly 16 bookings or an answer was neither one of 16 × 201 nor a 409. pgbench's statements/req is its script's"
  echo "count (BEGIN/COMMIT not included; search 1, slots 8 + the doctor pick, booking 4 + the pick, race 1 + ids)."
  echo "Every run: $TSV; logs: $OUT"
}
