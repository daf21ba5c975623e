#!/usr/bin/env bash
# What notifications ask of the database itself, against a booking's own writes: pgbench alone, no server.
#
#   off      load/floor-booking.pgbench: a confirmed cash booking's writes (appointment and its change, payment,
#            ledger entry), as the server makes them in one transaction
#   on       the same with the notifications' one row in the booking's transaction (-D notify=1), while one
#            more pgbench client runs load/floor-fan-out.pgbench over and over, FAN_OUT_PAUSE_MS apart: each
#            batch's notices, unread counters, leased e-mail deliveries, reminders and outcomes, in
#            Medbook's present row shapes
#   on-lean  the same against the leanest rows the notifications could have (load/floor-fan-out-lean.pgbench):
#            no title and body stored, no unique keys beside the primary keys, one inbox index instead of two
#
# Each run starts from empty tables and a checkpoint, with CLIENTS pgbench clients for SECONDS, and the
# three kinds of run take turns RUNS times. Bookings per second are those of the booking script alone.
# The fan-out leaves out the reads the server makes (bookings, contacts, preferences), and the booking
# leaves out the server's reads in its transaction (the slot, the patient's limits): so "on" is the
# least that notifications can cost in Medbook's shape, and the booking here is cheaper than the
# server's, which makes the ratio larger than against the server's own booking (see BENCHMARKS.md).
#
#   RUNS (3)  RUN_SECONDS (60)  CLIENTS (8)  FAN_OUT_PAUSE_MS (25)  DB (medbook_floor, dropped at the end unless KEEP_DB=true)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SECONDS_PER_RUN=${RUN_SECONDS:-60}
CLIENTS=${CLIENTS:-8}
FAN_OUT_PAUSE_MS=${FAN_OUT_PAUSE_MS:-25}
DB=${DB:-medbook_floor}
KEEP_DB=${KEEP_DB:-false}
DOCTORS=2000
PATIENTS=5000
OUT="target/load/notifications-floor-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
admin() { psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 -tA -d postgres "$@"; }
sql() { psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 -tA -d "$DB" "$@"; }

cleanup() {
  [ "$KEEP_DB" = true ] || admin -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" > /dev/null 2>&1 || true
}
trap cleanup EXIT

log "Database $DB: Medbook's migrations, then copies of the tables in schemas floor and floor_lean"
admin -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" > /dev/null
sql -c "CREATE SCHEMA medbook" > /dev/null
for migration in $(ls src/main/resources/db/migration/V*.sql | sort -t V -k 2 -n); do
  PGOPTIONS="-c search_path=medbook,public -c client_min_messages=warning" sql -f "$migration" > /dev/null
done
TABLES="appointments appointment_changes payments payment_ledger notification_events notifications notification_unread
        notification_deliveries notification_reminders"
for schema in floor floor_lean; do
  {
    echo "SET client_min_messages = warning; CREATE SCHEMA $schema;"
    for table in $TABLES; do
      echo "CREATE TABLE $schema.$table (LIKE medbook.$table INCLUDING ALL);"
    done
    echo "ALTER TABLE $schema.appointment_changes ADD FOREIGN KEY (appointment_id) REFERENCES $schema.appointments (id);"
    echo "ALTER TABLE $schema.payment_ledger ADD FOREIGN KEY (payment_id) REFERENCES $schema.payments (id);"
    echo "ALTER TABLE $schema.notification_unread SET (fillfactor = 50);"
    echo "CREATE TABLE $schema.doctors AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $DOCTORS) n;"
    echo "ALTER TABLE $schema.doctors ADD PRIMARY KEY (n);"
    echo "CREATE TABLE $schema.patients AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $PATIENTS) n;"
    echo "ALTER TABLE $schema.patients ADD PRIMARY KEY (n);"
  } | sql > /dev/null
done
# the lean rows: no stored texts, no unique key on (event_id, recipient_id[, channel]) beside the primary key,
# one inbox index (the unread list would read the whole inbox's index)
sql > /dev/null <<'SQL'
SET client_min_messages = warning;
ALTER TABLE floor_lean.notifications DROP COLUMN title, DROP COLUMN body;
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conrelid::regclass AS tab, conname FROM pg_constraint
           WHERE connamespace = 'floor_lean'::regnamespace AND contype = 'u'
             AND conrelid IN ('floor_lean.notifications'::regclass, 'floor_lean.notification_deliveries'::regclass)
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tab, c.conname);
  END LOOP;
  FOR c IN SELECT indexname FROM pg_indexes
           WHERE schemaname = 'floor_lean' AND tablename = 'notifications' AND indexdef LIKE '%read_at IS NULL%'
  LOOP
    EXECUTE format('DROP INDEX floor_lean.%I', c.indexname);
  END LOOP;
END $$;
SQL
sql -c "SELECT table_schema || '.' || table_name || ': ' || string_agg(indexname, ', ' ORDER BY indexname)
        FROM (SELECT schemaname AS table_schema, tablename AS table_name, indexname FROM pg_indexes
              WHERE schemaname LIKE 'floor%' AND tablename LIKE 'notification%') i GROUP BY table_schema, table_name
        ORDER BY table_schema, table_name" > "$OUT/indexes.txt"

# busy_seconds: CPU time the whole machine has spent since boot (user, nice, system, irq, softirq, steal)
busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# run KIND ROUND: one run from empty tables; appends to results.tsv
# "kind round bookings bookings/s cpu-ms-per-booking notices-per-booking drain-seconds load-before load-after"
run() {
  local kind=$1 round=$2 schema=floor fan_out= notify=0
  case "$kind" in
    on) notify=1; fan_out=load/floor-fan-out.pgbench ;;
    on-lean) schema=floor_lean; notify=1; fan_out=load/floor-fan-out-lean.pgbench ;;
  esac
  export PGOPTIONS="-c search_path=$schema -c jit=off"
  sql -c "TRUNCATE $(echo $TABLES | sed "s/\([a-z_]*\)/$schema.\1/g; s/ /, /g")" -c "CHECKPOINT" > /dev/null
  local load_before busy_before fan_out_pid=
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  busy_before=$(busy_seconds)
  if [ -n "$fan_out" ]; then
    # the fan-out as the server runs it: one worker taking what has arrived, FAN_OUT_PAUSE_MS apart
    pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 1 -T "$SECONDS_PER_RUN" -D pause="$FAN_OUT_PAUSE_MS" \
      -f "$fan_out" "$DB" > "$OUT/pgbench-$kind-$round-fan-out.txt" 2>&1 &
    fan_out_pid=$!
  fi
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CLIENTS" -j 2 -T "$SECONDS_PER_RUN" -D doctors=$DOCTORS \
    -D patients=$PATIENTS -D notify=$notify -f load/floor-booking.pgbench "$DB" > "$OUT/pgbench-$kind-$round.txt" 2>&1
  [ -z "$fan_out_pid" ] || wait "$fan_out_pid"
  # what the fan-out could not keep up with is done now, by two workers, and counted in the run's CPU
  local drain_start drain=0
  drain_start=$(date +%s.%N)
  while [ -n "$fan_out" ] && [ "$(sql -c "SELECT count(*) FROM notification_events")" != 0 ]; do
    pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 2 -t 10 -D pause=0 -f "$fan_out" "$DB" \
      >> "$OUT/pgbench-$kind-$round-drain.txt" 2>&1
  done
  [ -z "$fan_out" ] || drain=$(awk -v a="$drain_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  local busy_after
  busy_after=$(busy_seconds)
  if grep -q "aborted\|error" "$OUT"/pgbench-"$kind-$round"*.txt; then
    echo "pgbench failed in run $kind $round:" >&2; grep -m5 "aborted\|error" "$OUT"/pgbench-"$kind-$round"*.txt >&2; exit 1
  fi
  local rate booked notices unsent
  rate=$(awk '/^tps = / { print $3; exit }' "$OUT/pgbench-$kind-$round.txt")
  booked=$(sql -c "SELECT count(*) FROM appointments")
  notices=$(sql -c "SELECT round(count(*) / greatest($booked, 1)::numeric, 2) FROM notifications")
  unsent=$(sql -c "SELECT count(*) FROM notification_deliveries WHERE status <> 'SENT'")
  [ "$unsent" = 0 ] || log "$kind, round $round: $unsent deliveries not marked sent"
  local per_booking
  per_booking=$(awk -v a="$busy_before" -v b="$busy_after" -v n="$booked" 'BEGIN { printf "%.3f", (b - a) * 1000 / n }')
  echo "$kind $round $booked $rate $per_booking $notices $drain $load_before $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/results.tsv"
  log "$kind, round $round: $booked bookings ($rate/s), $per_booking ms of CPU each until every notice was written, $notices notices per booking, ${drain} s to catch up (load $load_before)"
  unset PGOPTIONS
}

: > "$OUT/results.tsv"
for round in $(seq 1 "$RUNS"); do
  case $(( round % 3 )) in
    1) order="off on on-lean" ;;
    2) order="on on-lean off" ;;
    0) order="on-lean off on" ;;
  esac
  for kind in $order; do
    run "$kind" "$round"
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$OUT/results.tsv"; }
{
  echo "## Notifications against the database's own limit ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD))"
  echo
  echo "pgbench -M prepared, $CLIENTS booking clients and one fan-out client, $SECONDS_PER_RUN s per run, $RUNS runs of each;"
  echo "$(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); PostgreSQL $(psql -h 127.0.0.1 -U postgres -X -tA -c 'SHOW server_version' postgres)"
  echo
  echo "| run | CPU per booking, ms, median (min-max) | against off | bookings/s while booking | notices per booking | s to catch up after |"
  echo "|---|---|---|---|---|---|"
  off=$(column off 5 | median)
  for kind in off on on-lean; do
    cpu=$(column "$kind" 5)
    awk -v k="$kind" -v m="$(echo "$cpu" | median)" -v off="$off" -v lo="$(echo "$cpu" | sort -g | head -1)" \
        -v hi="$(echo "$cpu" | sort -g | tail -1)" -v rate="$(column "$kind" 4 | median)" \
        -v notices="$(column "$kind" 6 | paste -sd/)" -v drain="$(column "$kind" 7 | paste -sd/)" \
        'BEGIN { printf "| %s | %.3f (%.3f-%.3f) | %+.1f %% | %.0f | %s | %s |\n", k, m, lo, hi, (m / off - 1) * 100, rate,
                 notices, drain }'
  done
  echo
  echo "CPU per booking: the whole machine's CPU time (PostgreSQL and the pgbench clients) from the start of a run"
  echo "until every event was fanned out, over the bookings stored. Indexes on the notification tables:"
  sed 's/^/- /' "$OUT/indexes.txt"
} | tee "$OUT/summary.md"
log "Logs and results: $OUT"
