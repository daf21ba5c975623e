#!/usr/bin/env bash
# Platform statistics over a year of data. On its own database (medbook_stats_load, kept; RESET=true
# drops it), seeds the reporting read model directly in SQL: STATS_DOCTORS doctors (10,000) and
# BOOKINGS bookings (5,000,000) starting over the year that ends on STATS_TO, their payments, refunds,
# reviews and new patients, then fills the rollups with the backfills of the V77, V81 and V83 migrations
# (the same statements). Then asks GET /api/v1/admin/stats (StatsSimulation: the year, a month, a week and the
# year as CSV, in UTC, Berlin, New York, India and Nepal) from USERS clients without pause, after an
# unmeasured warm-up, and prints p50/p95/p99 per request. Then the twin (TWIN_SECONDS each, 0 for none):
# the year in Berlin alone over HTTP, and that request's statements in pgbench (load/stats-year.pgbench),
# with their ratio. Then doctors' own reports (DoctorReportsSimulation: a seeded doctor drawn at random asks
# for the year's earnings by month, the year's earnings by day as CSV, the year's and the last month's
# booking report) from USERS clients for DOCTOR_SECONDS (0 for none), after its own warm-up, and their twin:
# the year's booking report alone over HTTP, and its statements in pgbench (load/doctor-bookings-year.pgbench).
# Logs: target/load/stats-load-<time>/.
#
#   load/run-load.sh stats                                   # 10,000 doctors, 5,000,000 bookings (seeding takes minutes)
#   BOOKINGS=200000 SECONDS_PER_RUN=15 load/run-load.sh stats   # a quick check
#   SKIP_BUILD=true load/stats-load.sh                       # again, as target/ stands, on the seeded database
#
# Settings: STATS_DOCTORS, BOOKINGS, STATS_TO, USERS, SECONDS_PER_RUN, RAMP_SECONDS, WARMUP_SECONDS, TWIN_SECONDS,
# DOCTOR_SECONDS (default SECONDS_PER_RUN), STATS_SECONDS (default SECONDS_PER_RUN; 0 skips the statistics),
# SKIP_BUILD, and those of load/notifications-common.sh (PORT, RESET, SERVER_HEAP, MEDBOOK_LOAD_JAVA).
# The claim: every report and statistics request p99 <= 100 ms.
MEDBOOK_NOTIF_LOAD_DB=${MEDBOOK_STATS_LOAD_DB:-medbook_stats_load}
PORT=${PORT:-8095}
# the statistics read only the reporting read model: no demo doctors needed
DOCTORS=0
source "$(dirname "$0")/notifications-common.sh"

STATS_DOCTORS=${STATS_DOCTORS:-10000}
BOOKINGS=${BOOKINGS:-5000000}
STATS_TO=${STATS_TO:-2025-12-31}
USERS=${USERS:-4}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
RAMP_SECONDS=${RAMP_SECONDS:-5}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
TWIN_SECONDS=${TWIN_SECONDS:-30}
STATS_SECONDS=${STATS_SECONDS:-$SECONDS_PER_RUN}
DOCTOR_SECONDS=${DOCTOR_SECONDS:-$SECONDS_PER_RUN}
STATS_USER=$(psql_admin -c "SELECT md5('load-stats-helper')::uuid")

trap cleanup EXIT
trap 'exit 130' INT TERM

# The reporting read model, replaced whole unless it already holds this many doctors and bookings.
seed_reports() {
  local seeded
  seeded=$(query "SELECT to_regclass('medbook.load_stats_seed') IS NOT NULL")
  if [ "$seeded" = t ]; then
    seeded=$(query "SELECT EXISTS (SELECT 1 FROM medbook.load_stats_seed WHERE doctors = $STATS_DOCTORS
                    AND bookings = $BOOKINGS AND last_day = DATE '$STATS_TO')")
  fi
  if [ "$seeded" = t ]; then
    log "Reporting read model already seeded ($STATS_DOCTORS doctors, $BOOKINGS bookings up to $STATS_TO)"
    return
  fi
  log "Seeding $STATS_DOCTORS doctors and $BOOKINGS bookings over the year up to $STATS_TO"
  local started
  started=$(now)
  sql -v doctors="$STATS_DOCTORS" -v bookings="$BOOKINGS" -v last_day="$STATS_TO" <<'SQL'
SET search_path = medbook;
SET synchronous_commit = off;
DROP TABLE IF EXISTS load_stats_seed;
TRUNCATE report_bookings, report_money, report_reviews, report_doctors, report_patients, report_cash_waived,
         report_starts_rollup, report_booked_rollup, report_lead_rollup, report_rank_rollup, report_money_rollup,
         report_reviews_rollup, report_patients_rollup, report_booked_doctors, report_lead_hours, report_lead_months,
         report_rank_hours, report_doctor_days, report_doctor_hours, report_starts_days, report_booked_hours,
         report_money_days, report_reviews_days, report_patients_days RESTART IDENTITY;

-- doctors: two specialties of 27, one city of 30; nine in ten bookable, verified over the year before
CREATE TEMP TABLE seed_doctors AS
SELECT i AS n, md5('load-stats-doctor-' || i)::uuid AS doctor_id FROM generate_series(0, :doctors - 1) AS i;
INSERT INTO report_doctors (doctor_id, specialties, cities, bookable, created_at, verified_at)
SELECT doctor_id, ARRAY['specialty-' || (n % 20), 'specialty-' || (20 + n % 7)], ARRAY['City ' || (n % 30)],
       n % 10 <> 0, DATE :'last_day' - 400, CASE WHEN n % 10 <> 0 THEN DATE :'last_day' - 365 + (n % 365) END
FROM seed_doctors;

-- bookings: starts on quarter hours over the year, leads mostly within days, up to 60 days
INSERT INTO report_bookings (booking_id, doctor_id, patient_id, status, type, payment_method, amount_minor, currency,
                             time_zone, booked_at, starts_at, cancelled_by, updated_at)
SELECT gen_random_uuid(), d.doctor_id, gen_random_uuid(), s.status, CASE WHEN g.i % 3 = 0 THEN 'VIDEO' ELSE 'IN_PERSON' END,
       CASE WHEN g.i % 2 = 0 THEN 'CASH' ELSE 'STRIPE' END, 5000 + (g.i % 5) * 1000, 'EUR', 'Europe/Berlin',
       g.starts - g.lead * g.lead * interval '60 days', g.starts,
       CASE WHEN s.status = 'CANCELLED' THEN (ARRAY['PATIENT', 'DOCTOR', 'STAFF', 'SYSTEM'])[1 + g.i % 4] END,
       g.starts
FROM (SELECT i, random() AS r, random() AS lead,
             CAST(:'last_day' AS timestamptz) + interval '1 day' - interval '365 days'
                 + floor(random() * 365 * 96) * interval '15 minutes' AS starts
      FROM generate_series(1, :bookings) AS i) AS g
JOIN seed_doctors d ON d.n = g.i % :doctors
CROSS JOIN LATERAL (SELECT CASE WHEN g.r < 0.55 THEN 'COMPLETED' WHEN g.r < 0.70 THEN 'CONFIRMED'
                                WHEN g.r < 0.80 THEN 'CANCELLED' WHEN g.r < 0.85 THEN 'NO_SHOW'
                                WHEN g.r < 0.95 THEN 'EXPIRED' WHEN g.r < 0.97 THEN 'PENDING_APPROVAL'
                                ELSE 'PENDING_PAYMENT' END AS status) AS s;

-- money: a capture for every booking made and paid, a refund for most cancelled ones
INSERT INTO report_money (event_id, booking_id, doctor_id, kind, payment_method, type, amount_minor, currency, occurred_at)
SELECT gen_random_uuid(), booking_id, doctor_id, CASE WHEN payment_method = 'CASH' THEN 'CASH_PAID' ELSE 'CAPTURE' END,
       payment_method, type, amount_minor, currency,
       CASE WHEN payment_method = 'CASH' THEN starts_at + interval '30 minutes' ELSE booked_at + interval '1 minute' END
FROM report_bookings WHERE status IN ('COMPLETED', 'CONFIRMED', 'CANCELLED', 'NO_SHOW');
INSERT INTO report_money (event_id, booking_id, doctor_id, kind, payment_method, type, amount_minor, currency, occurred_at)
SELECT gen_random_uuid(), booking_id, doctor_id, 'REFUND', payment_method, type, amount_minor, currency,
       LEAST(starts_at, booked_at + interval '2 hours')
FROM report_bookings WHERE status = 'CANCELLED' AND payment_method = 'STRIPE';

-- a review for one completed visit in five, a few hidden; one booking in ten by a patient new that day
INSERT INTO report_reviews (review_id, doctor_id, rating, hidden, created_at)
SELECT gen_random_uuid(), doctor_id, 1 + floor(random() * 5), random() < 0.03, starts_at + interval '1 day'
FROM report_bookings WHERE status = 'COMPLETED' AND random() < 0.2;
INSERT INTO report_patients (patient_id, registered_at)
SELECT patient_id, booked_at - interval '1 hour' FROM report_bookings WHERE random() < 0.1;
SQL
  log "Read model seeded in $(elapsed "$started") s; filling the rollups with the V77, V81 and V83 backfills"
  { echo "SET search_path = medbook;"
    for migration in V77__reporting_rollups V81__reporting_rollup_layers V83__reporting_day_rollups; do
      sed -n '/^-- Backfill from the read model/,$p' "src/main/resources/db/migration/$migration.sql"
    done
    echo "CREATE TABLE load_stats_seed AS SELECT $STATS_DOCTORS AS doctors, $BOOKINGS AS bookings, DATE '$STATS_TO' AS last_day;"
  } | sql
  sql -c "VACUUM ANALYZE medbook.report_bookings, medbook.report_money, medbook.report_reviews, medbook.report_doctors,
          medbook.report_patients, medbook.report_starts_rollup, medbook.report_booked_rollup, medbook.report_lead_rollup,
          medbook.report_rank_rollup, medbook.report_money_rollup, medbook.report_reviews_rollup,
          medbook.report_patients_rollup, medbook.report_booked_doctors, medbook.report_lead_hours,
          medbook.report_lead_months, medbook.report_rank_hours, medbook.report_doctor_days, medbook.report_doctor_hours,
          medbook.report_starts_days, medbook.report_booked_hours, medbook.report_money_days, medbook.report_reviews_days,
          medbook.report_patients_days"
  log "Seeded in $(elapsed "$started") s: $(query "SELECT count(*) FROM medbook.report_bookings") bookings," \
    "$(query "SELECT count(*) FROM medbook.report_starts_rollup") quarter-hour rows"
}

stats() {
  local label=$1 seconds=$2; shift 2
  gatling "$OUT/gatling-$label.log" StatsSimulation -Dmedbook.load.model=closed -Dmedbook.load.users="$USERS" \
    -Dmedbook.load.userId="$STATS_USER" -Dmedbook.load.statsTo="$STATS_TO" -Dmedbook.load.seconds="$seconds" \
    -Dmedbook.load.rampSeconds="$RAMP_SECONDS" "$@"
}

# The twin: the year in Berlin alone over HTTP, then the same request's statements (load/stats-year.pgbench,
# written for STATS_TO=2025-12-31) in pgbench with as many clients, for TWIN_SECONDS each.
twin() {
  stats twin-app "$TWIN_SECONDS" -Dmedbook.load.statsKinds="stats year" -Dmedbook.load.statsZones=Europe/Berlin
  PGOPTIONS="-c search_path=medbook,public $PGBENCH_JIT" pgbench -h 127.0.0.1 -U postgres -n -c "$USERS" -j "$(( USERS < 2 ? USERS : 2 ))" \
    -T "$TWIN_SECONDS" -l --log-prefix="$OUT/pgbench-year-tx" -f load/stats-year.pgbench "$DB" > "$OUT/pgbench-year.log" 2>&1 \
    || log "pgbench ended with an error; see $OUT/pgbench-year.log"
}

doctor_reports() {
  local label=$1 seconds=$2; shift 2
  gatling "$OUT/gatling-$label.log" DoctorReportsSimulation -Dmedbook.load.model=closed -Dmedbook.load.users="$USERS" \
    -Dmedbook.load.statsDoctors="$STATS_DOCTORS" -Dmedbook.load.statsTo="$STATS_TO" -Dmedbook.load.seconds="$seconds" \
    -Dmedbook.load.rampSeconds="$RAMP_SECONDS" "$@"
}

# The doctors' twin: a year's booking report alone over HTTP, then its statements (load/doctor-bookings-year.pgbench,
# written for STATS_TO=2025-12-31) in pgbench for a doctor drawn the same way, TWIN_SECONDS each.
doctor_twin() {
  doctor_reports doctor-twin-app "$TWIN_SECONDS" -Dmedbook.load.reportKinds="bookings year"
  PGOPTIONS="-c search_path=medbook,public $PGBENCH_JIT" pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$USERS" \
    -j "$(( USERS < 2 ? USERS : 2 ))" -T "$TWIN_SECONDS" -D doctors="$STATS_DOCTORS" -l \
    --log-prefix="$OUT/pgbench-doctor-tx" -f load/doctor-bookings-year.pgbench "$DB" > "$OUT/pgbench-doctor.log" 2>&1 \
    || log "pgbench ended with an error; see $OUT/pgbench-doctor.log"
}

# One line: "<request> over HTTP (rate, p50, p99, errors) against pgbench (tps, p50, p99) and their ratio".
twin_line() {
  local request=$1 app_log=$2 pgbench_log=$3 prefix=$4
  local t_count t_ko t_rate t_p50 t_p95 t_p99 pg_tps pg_p50 pg_p99
  read -r t_count t_ko t_rate t_p50 t_p95 t_p99 <<< "$(gatling_stats "$app_log" "$request")"
  pg_tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$pgbench_log" | tail -1)
  read -r pg_p50 pg_p99 <<< "$(cat "$prefix".* 2>/dev/null | awk '{ print $3 / 1000 }' | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- -"; exit }
            printf "%.1f %.1f\n", v[int(NR * 0.5 + 0.999999)], v[int(NR * 0.99 + 0.999999)] }')"
  echo "$USERS clients, ${TWIN_SECONDS} s: HTTP $t_rate req/s (p50 $t_p50, p99 $t_p99 ms, $t_ko errors);" \
       "pgbench ${pg_tps:--} tps (p50 $pg_p50, p99 $pg_p99 ms); HTTP / pgbench" \
       "$(awk -v a="$t_rate" -v b="${pg_tps:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
}

# Per request: count, errors, rate and Gatling's p50/p95/p99 of the measured run; then the constant phase.
request_table() {
  local gl=$1; shift
  printf '%-26s %7s %5s %7s %7s %7s %7s\n' request n ko req/s p50 p95 p99
  for request in "$@" "All Requests"; do
    read -r g_count g_ko g_rate g_p50 g_p95 g_p99 <<< "$(gatling_stats "$gl" "$request")"
    printf '%-26s %7s %5s %7s %7s %7s %7s\n' "$request" "$g_count" "$g_ko" "$g_rate" "$g_p50" "$g_p95" "$g_p99"
  done
  echo "(Gatling, whole run incl. ramp, ms.) Constant phase, all requests: ok/s $(result_field "$gl" rate200)," \
       "p50 $(result_field "$gl" p50), p95 $(result_field "$gl" p95), p99 $(result_field "$gl" p99), max $(result_field "$gl" max) ms"
}

ensure_database
if [ "${SKIP_BUILD:-false}" = true ]; then find_java; else prepare; fi
start_server stats
seed_reports
load_before=$(load_average)
if [ "$STATS_SECONDS" -gt 0 ]; then
  if [ "$WARMUP_SECONDS" -gt 0 ]; then
    log "Warm-up: $WARMUP_SECONDS s"
    stats warmup "$WARMUP_SECONDS"
  fi
  log "Measuring: $USERS clients for $STATS_SECONDS s"
  stats measured "$STATS_SECONDS"
  if [ "$TWIN_SECONDS" -gt 0 ]; then
    log "The year in Berlin over HTTP, then in pgbench: $USERS clients for $TWIN_SECONDS s each"
    twin || log "The twin failed; see $OUT"
  fi
fi
if [ "$DOCTOR_SECONDS" -gt 0 ]; then
  if [ "$WARMUP_SECONDS" -gt 0 ]; then
    log "Doctor reports warm-up: $WARMUP_SECONDS s"
    doctor_reports doctor-warmup "$WARMUP_SECONDS"
  fi
  log "Measuring doctor reports: $USERS clients for $DOCTOR_SECONDS s"
  doctor_reports doctor-measured "$DOCTOR_SECONDS"
  if [ "$TWIN_SECONDS" -gt 0 ]; then
    log "A year's booking report over HTTP, then in pgbench: $USERS clients for $TWIN_SECONDS s each"
    doctor_twin || log "The doctors' twin failed; see $OUT"
  fi
fi
{
  echo
  echo "== Reports and platform statistics ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD))"
  echo "$(query "SELECT count(*) FROM medbook.report_doctors") doctors, $(query "SELECT count(*) FROM medbook.report_bookings")" \
       "bookings over the year up to $STATS_TO; $USERS clients without pause after a ${RAMP_SECONDS} s ramp."
  if [ "$STATS_SECONDS" -gt 0 ]; then
    echo "-- platform statistics, $STATS_SECONDS s"
    request_table "$OUT/gatling-measured.log" "stats year" "stats month" "stats week" "stats year csv"
    [ "$TWIN_SECONDS" -eq 0 ] || echo "the year in Berlin alone, $(twin_line "stats year" "$OUT/gatling-twin-app.log" \
      "$OUT/pgbench-year.log" "$OUT/pgbench-year-tx")"
  fi
  if [ "$DOCTOR_SECONDS" -gt 0 ]; then
    echo "-- doctors' own reports, $DOCTOR_SECONDS s"
    request_table "$OUT/gatling-doctor-measured.log" "earnings year by month" "earnings year by day csv" \
      "bookings year" "bookings month"
    [ "$TWIN_SECONDS" -eq 0 ] || echo "a year's booking report alone, $(twin_line "bookings year" \
      "$OUT/gatling-doctor-twin-app.log" "$OUT/pgbench-doctor.log" "$OUT/pgbench-doctor-tx")"
  fi
  echo "claim: every report and statistics request p99 <= 100 ms"
  echo "load average before → after: $load_before → $(load_average)"
  echo "logs: $OUT"
} | tee "$OUT/summary.txt"
