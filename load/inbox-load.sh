#!/usr/bin/env bash
# One user with a large inbox. On its own database (medbook_notif_load, shared with the other
# notification load scripts), gives one patient NOTIFICATIONS in-app notifications (UNREAD of them
# unread, the counter row notification_unread consistent with them), then with InboxSimulation asks
# GET /api/v1/notifications/unread-count and, separately, GET /api/v1/notifications?size=20 at RATE
# requests per second, then the unread count again from USERS clients without pause (the most the
# server answers), and measures the database's own limit for the same queries with pgbench (USERS
# clients, PGBENCH_SECONDS, load/unread-count.pgbench and load/inbox-page.pgbench). Prints the
# percentiles, the rates and the ratio HTTP / database. Logs: target/load/inbox-load-<time>/.
#
#   load/inbox-load.sh                                           # 100,000 notifications, 200 req/s for 60 s each
#   RATE=500 SECONDS_PER_RUN=30 load/inbox-load.sh
#   NOTIFICATIONS=10000 SECONDS_PER_RUN=15 WARMUP_SECONDS=5 load/inbox-load.sh   # a quick check
#
# Settings: NOTIFICATIONS, UNREAD, RATE, PAGE_RATE (default RATE), SECONDS_PER_RUN, RAMP_SECONDS,
# WARMUP_SECONDS, USERS, PGBENCH_SECONDS, and those of load/notifications-common.sh.
# The claim: p99 <= 10 ms for the unread count.
source "$(dirname "$0")/notifications-common.sh"

NOTIFICATIONS=${NOTIFICATIONS:-100000}
UNREAD=${UNREAD:-$NOTIFICATIONS}
RATE=${RATE:-200}
PAGE_RATE=${PAGE_RATE:-$RATE}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
RAMP_SECONDS=${RAMP_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
USERS=${USERS:-8}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-20}
INBOX_USER=$(psql_admin -c "SELECT md5('load-inbox-user')::uuid")

trap cleanup EXIT
trap 'exit 130' INT TERM

# The user and their notifications, newest first; the UNREAD newest are unread. Kept between runs
# when the numbers match.
seed_inbox() {
  sql -v user="$INBOX_USER" -v n="$NOTIFICATIONS" -v unread="$UNREAD" <<'SQL'
INSERT INTO medbook.users (id, status, roles, email, email_verified, name, created_at, updated_at)
VALUES (:'user', 'ACTIVE', '{PATIENT}', 'load-inbox@load.medbook.org', true, 'Load Inbox', now(), now())
ON CONFLICT (id) DO NOTHING;

SELECT (SELECT count(*) FROM medbook.notifications WHERE recipient_id = :'user') = :n
   AND (SELECT count(*) FROM medbook.notifications WHERE recipient_id = :'user' AND read_at IS NULL) = :unread AS seeded
\gset
\if :seeded
\else
BEGIN;
DELETE FROM medbook.notifications WHERE recipient_id = :'user';
-- spread over the last 90 days (the purge keeps 180), a mix of kinds a patient receives
INSERT INTO medbook.notifications (id, event_id, recipient_id, kind, category, title, body, data, language, time_zone,
                                   in_app, created_at, read_at)
SELECT gen_random_uuid(), gen_random_uuid(), :'user', k.kind, k.category, k.title,
       k.title || ': your in-person visit with Dr. Load Doctor at 1 Demo Street, Berlin.',
       jsonb_build_object('bookingId', gen_random_uuid(), 'doctorName', 'Dr. Load Doctor', 'patientId', :'user',
                          'start', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'type', 'IN_PERSON'),
       'en', 'Europe/Berlin', true, created,
       CASE WHEN i <= :unread THEN NULL ELSE created + interval '1 hour' END
FROM generate_series(1, :n) AS i
CROSS JOIN LATERAL (SELECT now() - i * (interval '90 days' / :n) AS created) c
JOIN (VALUES (0, 'BOOKING_CONFIRMED', 'BOOKINGS', 'Booking confirmed'),
             (1, 'VISIT_REMINDER', 'REMINDERS', 'Visit reminder'),
             (2, 'BOOKING_RESCHEDULED', 'BOOKINGS', 'Booking moved'),
             (3, 'PAYMENT_RECEIVED', 'PAYMENTS', 'Payment received')) AS k (n, kind, category, title) ON k.n = i % 4;
INSERT INTO medbook.notification_unread (user_id, unread, total)
SELECT :'user', count(*) FILTER (WHERE read_at IS NULL), count(*) FROM medbook.notifications
WHERE recipient_id = :'user' AND in_app
ON CONFLICT (user_id) DO UPDATE SET unread = excluded.unread, total = excluded.total;
COMMIT;
ANALYZE medbook.notifications;
\endif
SQL
}

inbox() {
  local label=$1 kind=$2 model=$3 seconds=$4
  gatling "$OUT/gatling-$label.log" InboxSimulation -Dmedbook.load.inbox="$kind" -Dmedbook.load.model="$model" \
    -Dmedbook.load.userId="$INBOX_USER" -Dmedbook.load.rate="$( [ "$kind" = page ] && echo "$PAGE_RATE" || echo "$RATE")" \
    -Dmedbook.load.users="$USERS" -Dmedbook.load.seconds="$seconds" -Dmedbook.load.rampSeconds="$RAMP_SECONDS"
}

ROWS=()
measure() {
  local label=$1 kind=$2 model=$3 asked=$4 request load_before
  request=$([ "$kind" = page ] && echo "first page of 20 notifications" || echo "unread count")
  load_before=$(load_average)
  log "== $label: $kind, $model, $asked"
  inbox "$label" "$kind" "$model" "$SECONDS_PER_RUN"
  local gl="$OUT/gatling-$label.log" g_count g_ko g_p50 g_p95 g_p99
  read -r g_count g_ko _ g_p50 g_p95 g_p99 <<< "$(gatling_stats "$gl" "$request")"
  ROWS+=("$(printf '%-14s %-6s %-12s %8s %5s %5s %5s %5s %7s %7s %7s %7s %5s   %s → %s' "$label" "$kind" "$asked" \
    "$(result_field "$gl" rate200)" "$(result_field "$gl" p50)" "$(result_field "$gl" p95)" "$(result_field "$gl" p99)" \
    "$(result_field "$gl" max)" "$g_p50" "$g_p95" "$g_p99" "$g_count" "$g_ko" "$load_before" "$(load_average)")")
  echo "${ROWS[-1]}"
}

# pgbench SCRIPT: "tps latency-average-ms" for USERS clients over PGBENCH_SECONDS.
pgbench_run() {
  local out="$OUT/pgbench-$(basename "$1" .pgbench).log"
  PGOPTIONS="$PGBENCH_JIT" pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$USERS" -j 2 -T "$PGBENCH_SECONDS" -D user="$INBOX_USER" \
    -f "$1" "$DB" > "$out" 2>&1 || { cat "$out" >&2; return 1; }
  echo "$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$out" | tail -1) $(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$out")"
}

ensure_database
prepare
start_smtp_sink
release_leases
start_server inbox
log "Seeding $NOTIFICATIONS notifications ($UNREAD unread) for $INBOX_USER"
seeded_at=$(now)
seed_inbox
log "Inbox ready in $(elapsed "$seeded_at") s: $(query "SELECT unread FROM medbook.notification_unread WHERE user_id = '$INBOX_USER'") unread of $(query "SELECT count(*) FROM medbook.notifications WHERE recipient_id = '$INBOX_USER'")"

if [ "$WARMUP_SECONDS" -gt 0 ]; then
  log "Warm-up: $WARMUP_SECONDS s of each request"
  inbox warmup-count count closed "$WARMUP_SECONDS"
  inbox warmup-page page closed "$WARMUP_SECONDS"
fi
measure count-open count open "$RATE/s"
measure page-open page open "$PAGE_RATE/s"
measure count-closed count closed "$USERS clients"

log "pgbench: $USERS clients, $PGBENCH_SECONDS s each"
read -r db_count_tps db_count_ms <<< "$(pgbench_run load/unread-count.pgbench)"
read -r db_page_tps db_page_ms <<< "$(pgbench_run load/inbox-page.pgbench)"
http_max=$(result_field "$OUT/gatling-count-closed.log" rate200)
ratio=$(awk -v h="$http_max" -v d="$db_count_tps" 'BEGIN { if (d > 0) printf "%.3f (1 : %.1f)", h / d, d / h; else print "-" }')

{
  echo
  echo "== Inbox of one user ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD))"
  echo "$NOTIFICATIONS in-app notifications ($UNREAD unread) for one patient; ${SECONDS_PER_RUN} s measured after a ${RAMP_SECONDS} s ramp."
  echo "ok/s and w-p50..max: constant phase only (ms); g-p50..p99, n, ko: Gatling, whole run incl. ramp."
  printf '%-14s %-6s %-12s %8s %5s %5s %5s %5s %7s %7s %7s %7s %5s   %s\n' run request asked ok/s w-p50 w-p95 w-p99 max \
    g-p50 g-p95 g-p99 n ko "load avg before → after"
  printf '%s\n' "${ROWS[@]}"
  echo "pgbench, $USERS clients, ${PGBENCH_SECONDS} s, prepared: unread count $db_count_tps tps (avg $db_count_ms ms);" \
       "first page (count + 20 rows) $db_page_tps tps (avg $db_page_ms ms)"
  echo "unread count, HTTP at saturation ($USERS clients) / database alone: $http_max / $db_count_tps = $ratio"
  echo "claim: unread count p99 <= 10 ms (at $RATE/s: $(result_field "$OUT/gatling-count-open.log" p99) ms)"
  echo "logs: $OUT"
} | tee "$OUT/summary.txt"
