# shellcheck shell=bash
# Shared by load/notifications-load.sh, load/email-dispatch-load.sh and load/inbox-load.sh (sourced,
# not run): one Medbook server started from target/classes on its own database, a local SMTP sink,
# seeded users, Gatling runs and their figures. Everything started here is stopped by `cleanup`,
# which each script installs as its EXIT trap. Settings (environment):
#
#   MEDBOOK_NOTIF_LOAD_DB   database (default medbook_notif_load); RESET=true drops it first
#   DOCTORS                 demo doctors generated on the first start (default 2000)
#   PORT                    Medbook's HTTP port (default 8091)
#   SMTP_PORT               the SMTP sink's port (default 3025)
#   SMTP_SINK               discard (default: load/SmtpSink.java, reads and counts every message,
#                           keeps none) or greenmail (GreenMail standalone 2.1.13, parses and stores
#                           every message in memory). GreenMail's answer to EHLO takes ~40 ms here
#                           (its several reply lines go out as separate small packets), so it takes
#                           only ~20 new connections/s (~2,000 messages/s on one reused connection):
#                           that caps a sender that connects per message far below what a real MTA
#                           takes. The discard sink writes each reply at once.
#   SERVER_HEAP             -Xmx of the server (default 2g; -Xms is 1g as in load/run-load.sh)
#   SERVER_JAVA_OPTS        more options for the server's JVM, e.g. a flight recording:
#                           "-XX:StartFlightRecording=filename=target/load/server-%p.jfr,settings=profile"
#   MEDBOOK_LOAD_JAVA       a java (>= 21) for the server; found among the JDKs otherwise

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DB=${MEDBOOK_NOTIF_LOAD_DB:-medbook_notif_load}
DOCTORS=${DOCTORS:-2000}
PORT=${PORT:-8091}
SMTP_PORT=${SMTP_PORT:-3025}
SMTP_SINK=${SMTP_SINK:-discard}
SERVER_HEAP=${SERVER_HEAP:-2g}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
# pgbench twins get the session setting the server gives its own connections (MEDBOOK_DB_JIT, default off)
PGBENCH_JIT="-c jit=${MEDBOOK_DB_JIT:-off}"
GREENMAIL_VERSION=2.1.13
BASE_URL="http://127.0.0.1:$PORT"
JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
OUT="target/load/$(basename "$0" .sh)-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

SERVER_PID=
SINK_PID=
BACKGROUND_PIDS=()

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

psql_admin() { psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 -tA -d postgres "$@"; }
sql() { psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 -tA -d "$DB" "$@"; }

# query SQL: one statement's result, tried again for a while when PostgreSQL has no connection to
# spare (other work on the machine may hold many of them).
query() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    sql -c "$1" 2>> "$OUT/psql-errors.log" && return 0
    sleep 1
  done
  echo "PostgreSQL did not answer: $1 (see $OUT/psql-errors.log)" >&2
  return 1
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

now() { date +%s.%N; }

# CPU seconds (user + system) the process has used so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"
}

# thread_cpu PID FILE: "group cpu-seconds" of a JVM's threads, grouped by name with the digits dropped (the
# G1 workers, the JIT compilers, the carriers of the virtual threads that serve requests and send e-mail,
# each pump of the notification workers), so a server's CPU can be told apart by what spent it, and a last
# line "=process" with the whole process's CPU, which still counts the threads that have ended.
thread_cpu() {
  local hz task
  hz=$(getconf CLK_TCK)
  for task in /proc/"$1"/task/*; do
    { tr -d '\n' < "$task/comm"; printf '\t'; sed 's/^.*) //' "$task/stat"; echo; } 2>/dev/null || true  # a thread may end meanwhile
  done | awk -F'\t' -v hz="$hz" 'NF == 2 { n = $1; gsub(/[0-9]+/, "", n); gsub(/[ ]+/, "_", n); split($2, f, " ")
      cpu[n] += (f[12] + f[13]) / hz }
    END { for (n in cpu) printf "%s %.2f\n", n, cpu[n] }' | sort > "$2"
  echo "=process $(cpu_seconds "$1")" >> "$2"
}

# db_cpu FILE [CONDITION]: writes "pid cpu-seconds" of every PostgreSQL backend connected to $DB to FILE,
# or only of those pg_stat_activity's CONDITION picks (e.g. "application_name = 'medbook-workers'").
db_cpu() {
  local pid
  for pid in $(query "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND (${2:-true})"); do
    if [ -r "/proc/$pid/stat" ]; then echo "$pid $(cpu_seconds "$pid" 2>/dev/null || echo 0)"; fi
  done > "$1"
}

# db_cpu_used BEFORE AFTER: CPU seconds the database's backends used between two db_cpu files
# (a backend that started meanwhile counts whole; one that ended meanwhile is missed).
db_cpu_used() {
  awk 'NR == FNR { before[$1] = $2; next } { used += $2 - before[$1] } END { printf "%.1f", used }' "$1" "$2"
}

# elapsed START [DECIMALS]: seconds since START (from `now`), with one decimal unless told.
elapsed() { awk -v a="$1" -v b="$(now)" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, b - a }'; }

# Which EMAIL channel sender this build has: the templated one that spreads a batch over pooled
# SMTP connections, or the simple one that sends message by message.
email_sender() {
  local dir=target/classes/org/medbook/notifications/infrastructure
  if [ -f "$dir/SmtpEmailSender.class" ]; then
    echo "SmtpEmailSender (templated, pooled connections: MEDBOOK_MAIL_CONNECTIONS=${MEDBOOK_MAIL_CONNECTIONS:-4})"
  elif [ -f "$dir/PlainEmailChannel.class" ]; then
    echo "PlainEmailChannel (plain text, one message after another)"
  else
    echo "unknown"
  fi
}

cleanup() {
  local status=$?
  for pid in "${BACKGROUND_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_server
  stop_smtp_sink
  exit $status
}

ensure_database() {
  if [ "${RESET:-false}" = true ]; then
    log "Dropping database $DB"
    psql_admin -c "DROP DATABASE IF EXISTS $DB"
  fi
  psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 || psql_admin -c "CREATE DATABASE $DB"
}

# A JDK of version 21 or later for the server (the project's toolchain rule).
find_java() {
  if [ -n "${MEDBOOK_LOAD_JAVA:-}" ]; then JAVA=$MEDBOOK_LOAD_JAVA; return; fi
  local candidate version
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} $(command -v java || true) /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${version%%.*}" -ge 21 ] 2>/dev/null; then JAVA=$candidate; return; fi
  done
  echo "No JDK 21 or later found: set MEDBOOK_LOAD_JAVA" >&2
  exit 1
}

# Compiles Medbook and the simulations once and writes the server's runtime class path.
prepare() {
  find_java
  log "Compiling Medbook and the simulations (server java: $JAVA)"
  # the class path without the load profile, which pins Netty for Gatling
  { mvn -B -q compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/load/classpath.txt \
      && mvn -B -q -Pload test-compile; } > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
}

# start_server LABEL [VAR=value ...]: starts Medbook with its log in $OUT/server-LABEL.log and waits
# until it is ready and its search index holds the demo doctors.
start_server() {
  local label=$1; shift
  local log_file="$OUT/server-$label.log"
  # shellcheck disable=SC2086  # SERVER_PREFIX: words to run the JVM under, e.g. "nice -n 19"
  env MEDBOOK_DB_URL="$JDBC_URL" MEDBOOK_LOG_FORMAT= MEDBOOK_LOG_CODES=false PORT="$PORT" \
      SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT="$SMTP_PORT" "$@" \
    ${SERVER_PREFIX:-} "$JAVA" -Xms1g -Xmx"$SERVER_HEAP" $SERVER_JAVA_OPTS -cp "target/classes:$(cat target/load/classpath.txt)" org.medbook.MedbookApplication \
      --medbook.demo.doctors="$DOCTORS" --medbook.search.rebuild-on-start=false \
      --logging.level.org.springframework.modulith=WARN > "$log_file" 2>&1 &
  SERVER_PID=$!
  local started=$SECONDS
  until curl -sf "$BASE_URL/actuator/health/readiness" > /dev/null \
        && [ "$(query 'SELECT count(*) FROM medbook.search_doctors' 2>/dev/null || echo 0)" -ge "$DOCTORS" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "Medbook stopped; see $log_file" >&2; tail -20 "$log_file" >&2; exit 1; }
    [ $((SECONDS - started)) -lt 900 ] || { echo "Medbook not ready after 900 s; see $log_file" >&2; exit 1; }
    sleep 2
  done
  log "Medbook ready on $BASE_URL after $((SECONDS - started)) s (log $log_file)"
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# Starts the SMTP sink chosen by SMTP_SINK on 127.0.0.1:$SMTP_PORT.
start_smtp_sink() {
  if (echo > "/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null; then
    echo "Port $SMTP_PORT is taken; set SMTP_PORT" >&2
    exit 1
  fi
  case "$SMTP_SINK" in
    greenmail)
      local jar="target/load/greenmail-standalone-$GREENMAIL_VERSION.jar"
      [ -f "$jar" ] || mvn -B -q dependency:copy -Dartifact="com.icegreen:greenmail-standalone:$GREENMAIL_VERSION" \
        -DoutputDirectory=target/load > "$OUT/greenmail-fetch.log" 2>&1
      "$JAVA" -Xmx1g -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
        -jar "$jar" > "$OUT/smtp-sink.log" 2>&1 &
      ;;
    discard)
      "$JAVA" load/SmtpSink.java "$SMTP_PORT" > "$OUT/smtp-sink.log" 2>&1 &
      ;;
    *) echo "SMTP_SINK is greenmail or discard" >&2; exit 1 ;;
  esac
  SINK_PID=$!
  for _ in $(seq 1 60); do
    (echo > "/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && { log "SMTP sink ($SMTP_SINK) on port $SMTP_PORT"; return; }
    kill -0 "$SINK_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "The SMTP sink did not start; see $OUT/smtp-sink.log" >&2
  exit 1
}

stop_smtp_sink() {
  [ -n "$SINK_PID" ] || return 0
  kill "$SINK_PID" 2>/dev/null || true
  wait "$SINK_PID" 2>/dev/null || true
  SINK_PID=
}

# The seeded database kept as a template by the scripts that start runs from copies of it.
SEED_DB="${DB}_seed"
PATIENTS=${PATIENTS:-5000}

# restore_seed [DATABASE]: the database (default $DB) again as it was seeded, a copy of $SEED_DB.
restore_seed() {
  local target=${1:-$DB}
  psql_admin -c "DROP DATABASE IF EXISTS $target"
  psql_admin -c "CREATE DATABASE $target TEMPLATE $SEED_DB"
}
seed_kept() { psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$SEED_DB'" | grep -q 1; }

# On $DB: the first start creates the schema and the demo doctors; then the accounts they need and
# PATIENTS patients. Deliveries an interrupted earlier run left leased are handed back, and any backlog
# is sent. Reminders for the bookings of earlier runs are dropped, so none comes due during a run.
seed_database() {
  release_leases
  if [ "$(query "SELECT to_regclass('medbook.notification_reminders') IS NOT NULL")" = t ]; then
    query "DELETE FROM medbook.notification_reminders" > /dev/null
  fi
  start_server setup
  seed_doctor_users
  seed_patients "$PATIENTS"
  log "Earlier backlog drained in $(drain) s"
  log "Seeded: $(query "SELECT count(*) FROM medbook.users WHERE roles @> '{DOCTOR}'") doctor and $(query "SELECT count(*) FROM medbook.users WHERE email LIKE 'load-patient-%'") patient accounts"
  stop_server
}

# Background work left: notification events and open deliveries, event publications no listener has
# completed yet (completed ones are deleted), booking changes the reports have not read from the booking
# change feed yet (or queued again and due), and what bookings and payments moved not yet added to the
# platform rollups.
# With COUNT_NOTIFICATIONS=false the notifications' part is left out (what a node with
# MEDBOOK_NOTIFICATIONS_WORKERS=false has to do itself).
backlog() {
  query "SELECT $(notifications_backlog)
                 + (SELECT count(*) FROM medbook.event_publication WHERE completion_date IS NULL
                    AND status IS DISTINCT FROM 'FAILED')
                 + (SELECT count(*) FROM medbook.report_inbox WHERE attempts = 0)
                 + $(feed_lag)
                 + (SELECT count(*) FROM medbook.report_booking_deltas)
                 + (SELECT count(*) FROM medbook.report_money_deltas)"
}

notifications_backlog() {
  if [ "${COUNT_NOTIFICATIONS:-true}" = true ]; then
    echo "(SELECT count(*) FROM medbook.notification_events)
          + (SELECT count(*) FROM medbook.notification_deliveries WHERE status IN ('PENDING', 'SENDING'))"
  else
    echo 0
  fi
}

# Bookings changed and not yet read by the reports from the booking change feed, while reporting is on
# in this run (switched off, nothing reads the feed).
READS_FEED=false
feed_lag() {
  if [ "$READS_FEED" = true ]; then
    echo "(SELECT count(*) FROM medbook.appointments a JOIN medbook.report_feed f ON f.reader = 'bookings'
              WHERE a.changed_tx IS NOT NULL AND (a.changed_tx, a.id) > (f.after_tx, f.after_booking))"
  else
    echo 0
  fi
}

# Whether reporting is on with these VAR=value settings (it is unless one switches it off).
reporting_on() {
  local setting
  for setting in "$@"; do
    [ "$setting" != MEDBOOK_REPORTING_ENABLED=false ] || return 1
  done
}

# Waits until no event and no due delivery is left; prints the seconds it took, or "timeout".
drain() {
  local started
  started=$(now)
  while [ "$(backlog || echo unknown)" != 0 ]; do
    [ "$(elapsed "$started" 0)" -lt "${DRAIN_TIMEOUT:-900}" ] || { echo timeout; return; }
    sleep 0.25
  done
  elapsed "$started"
}

# Deliveries an interrupted earlier run left leased go back to PENDING (only while no server runs).
release_leases() {
  if [ "$(query "SELECT to_regclass('medbook.notification_deliveries') IS NOT NULL")" = t ]; then
    query "UPDATE medbook.notification_deliveries SET status = 'PENDING', lease_until = NULL WHERE status = 'SENDING'" > /dev/null
  fi
}

# seed_patients N: N active, verified patient accounts load-patient-<n>@load.medbook.org (stable ids).
seed_patients() {
  sql -v n="$1" <<'SQL'
INSERT INTO medbook.users (id, status, roles, email, email_verified, name, created_at, updated_at)
SELECT md5('load-patient-' || i)::uuid, 'ACTIVE', '{PATIENT}', 'load-patient-' || i || '@load.medbook.org', true,
       'Load Patient ' || i, now(), now()
FROM generate_series(1, :n) AS i
ON CONFLICT (id) DO NOTHING;
SQL
}

# A user account for every demo doctor (a doctor's id is their user id), so bookings notify them too.
seed_doctor_users() {
  sql <<'SQL'
INSERT INTO medbook.users (id, status, roles, email, email_verified, name, created_at, updated_at)
SELECT d.id, 'ACTIVE', '{DOCTOR}', d.email, true, d.name, now(), now()
FROM medbook.doctors d
WHERE d.licence_number LIKE 'DEMO-%'
ON CONFLICT DO NOTHING;
SQL
}

# gatling LOG SIMULATION [-Dprop=value ...]: runs one simulation against the server, output to LOG.
gatling() {
  local log_file=$1 simulation=$2; shift 2
  mvn -B -Pload gatling:test -Dgatling.simulation="org.medbook.load.$simulation" \
    -Dmedbook.load.baseUrl="$BASE_URL" -Dmedbook.load.jdbcUrl="$JDBC_URL" "$@" > "$log_file" 2>&1 \
    || { echo "Gatling failed; see $log_file" >&2; tail -30 "$log_file" >&2; return 1; }
}

# gatling_stats LOG REQUEST: the figures of one request (or "All Requests") from the Gatling report
# that LOG names: "count ko count-per-second p50 p95 p99" (ms), over the whole run.
gatling_stats() {
  local report
  report=$(sed -n 's|^Reports generated.*file://\(.*index.html\).*|\1|p' "$1" | tail -1)
  [ -f "$report" ] || { echo "- - - - - -"; return; }
  awk -v name="$2" '
    index($0, "class=\"ellipsed-name\">" name "</span>") { found = 1; next }
    found && /<td class="value/ {
      match($0, /col-[0-9]+/); col = substr($0, RSTART + 4, RLENGTH - 4)
      value = $0; sub(/^.*">/, "", value); sub(/<.*$/, "", value); v[col] = value
    }
    found && /<\/tr>/ { print v[2], v[4], v[6], v[8], v[10], v[11]; exit }' "$report"
}

# The value of KEY in the RESULT line of a Gatling log (from MeasuredWindow).
result_field() {
  local value
  value=$(sed -n "s/^RESULT .*[ :]$2=\([^ ]*\).*/\1/p" "$1" | tail -1)
  echo "${value:--}"
}
