#!/usr/bin/env bash
# E-mails per second from the notification deliveries to a local SMTP server. On its own database
# (medbook_notif_load, shared with load/notifications-load.sh), starts a local SMTP sink and Medbook
# pointed at it (SPRING_MAIL_HOST=127.0.0.1, SPRING_MAIL_PORT=$SMTP_PORT), then, while Medbook runs,
# inserts EMAILS due e-mail deliveries at once (booking confirmations, with the facts a booking e-mail
# shows, for RECIPIENTS seeded patients) and times them until every one is SENT. Works with whichever
# EMAIL sender the build has (the summary names it). Logs: target/load/email-dispatch-load-<time>/.
#
#   load/email-dispatch-load.sh                                  # 50,000 e-mails, once
#   RUNS=3 load/email-dispatch-load.sh                           # three batches on the same server (the first warms the JIT)
#   EMAILS=2000 load/email-dispatch-load.sh                      # a quick check
#   SMTP_SINK=greenmail load/email-dispatch-load.sh              # GreenMail instead of the discard sink
#   MEDBOOK_MAIL_CONNECTIONS=8 load/email-dispatch-load.sh       # SMTP connections per batch (templated sender)
#
# Settings: EMAILS, RECIPIENTS, RUNS, DRAIN_TIMEOUT, and those of load/notifications-common.sh.
# The claim: at least 1,000 e-mails per second with pooled connections.
source "$(dirname "$0")/notifications-common.sh"

EMAILS=${EMAILS:-50000}
RECIPIENTS=${RECIPIENTS:-1000}
RUNS=${RUNS:-1}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-1800}

trap cleanup EXIT
trap 'exit 130' INT TERM

# seed_emails AT: EMAILS notifications with one due EMAIL delivery each, all created at AT.
seed_emails() {
  sql -v at="$1" -v n="$EMAILS" -v recipients="$RECIPIENTS" <<'SQL'
WITH patients AS (
    SELECT id, name, row_number() OVER (ORDER BY email) - 1 AS k FROM medbook.users
    WHERE email LIKE 'load-patient-%@load.medbook.org' ORDER BY email LIMIT :recipients
), planned AS (
    SELECT gen_random_uuid() AS id, gen_random_uuid() AS event_id, p.id AS recipient_id,
           date_trunc('hour', :'at'::timestamptz) + interval '10 days' + (i % 40) * interval '30 minutes' AS start
    FROM generate_series(1, :n) AS i JOIN patients p ON p.k = i % :recipients
), notified AS (
    INSERT INTO medbook.notifications (id, event_id, recipient_id, kind, category, title, body, data, language,
                                       time_zone, in_app, created_at)
    SELECT id, event_id, recipient_id, 'BOOKING_CONFIRMED', 'BOOKINGS', 'Booking confirmed',
           'Your in-person visit with Dr. Load Doctor on ' || to_char(start AT TIME ZONE 'Europe/Berlin', 'DD Mon YYYY, HH24:MI')
               || ' at 1 Demo Street, Berlin is confirmed. Please pay at the practice.',
           jsonb_build_object('bookingId', gen_random_uuid(), 'doctorId', gen_random_uuid(), 'patientId', recipient_id,
                              'doctorName', 'Dr. Load Doctor', 'address', '1 Demo Street, Berlin',
                              'start', to_char(start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                              'end', to_char((start + interval '30 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                              'type', 'IN_PERSON', 'paymentMethod', 'CASH', 'amountMinor', 8000, 'currency', 'EUR',
                              'sequence', 0, 'cashDue', true),
           'en', 'Europe/Berlin', false, :'at'
    FROM planned
    RETURNING id, event_id, recipient_id
)
INSERT INTO medbook.notification_deliveries (id, notification_id, event_id, recipient_id, channel, status,
                                             next_attempt_at, give_up_at, created_at)
SELECT gen_random_uuid(), id, event_id, recipient_id, 'EMAIL', 'PENDING', :'at', :'at'::timestamptz + interval '1 day', :'at'
FROM notified;
SQL
}

ensure_database
prepare
start_smtp_sink
release_leases
start_server dispatch
seed_patients "$RECIPIENTS"
# what an earlier run left due is sent first, so it does not count towards this one
left_over=$(query "SELECT count(*) FROM medbook.notification_deliveries WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= now()")
if [ "$left_over" != 0 ]; then
  log "Sending $left_over deliveries an earlier run left first"
  started=$(now)
  until [ "$(query "SELECT count(*) FROM medbook.notification_deliveries WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= now()")" = 0 ]; do
    sleep 1
  done
  log "... done in $(elapsed "$started") s"
fi

ROWS=()
for run in $(seq 1 "$RUNS"); do
  at=$(query "SELECT now()")
  log "== Run $run: seeding $EMAILS due e-mail deliveries for $RECIPIENTS patients"
  seed_started=$(now)
  seed_emails "$at"
  t0=$(query "SELECT clock_timestamp()")
  log "Seeded in $(elapsed "$seed_started") s; waiting until all are sent"
  cpu_before=$(cpu_seconds "$SERVER_PID")
  db_cpu "$OUT/db-cpu-before-$run.txt"
  load_before=$(load_average)
  waited=$(now)
  progress=$(now)
  while true; do
    open=$(query "SELECT count(*) FROM medbook.notification_deliveries WHERE created_at = '$at' AND status IN ('PENDING', 'SENDING')")
    [ "$open" != 0 ] || break
    if [ "$(elapsed "$progress" 0)" -ge 10 ]; then
      log "  $((EMAILS - open)) finished after $(elapsed "$waited" 0) s"
      progress=$(now)
    fi
    [ "$(elapsed "$waited" 0)" -lt "$DRAIN_TIMEOUT" ] || { log "Not all sent after $DRAIN_TIMEOUT s"; break; }
    sleep 0.5
  done
  cpu_used=$(awk -v a="$cpu_before" -v b="$(cpu_seconds "$SERVER_PID")" 'BEGIN { printf "%.1f", b - a }')
  db_cpu "$OUT/db-cpu-after-$run.txt"
  db_used=$(db_cpu_used "$OUT/db-cpu-before-$run.txt" "$OUT/db-cpu-after-$run.txt")
  load_after=$(load_average)
  read -r sent skipped failed retried open seconds <<< "$(query "
    SELECT count(*) FILTER (WHERE status = 'SENT'), count(*) FILTER (WHERE status = 'SKIPPED'),
           count(*) FILTER (WHERE status = 'FAILED'), count(*) FILTER (WHERE attempts > 1),
           count(*) FILTER (WHERE status IN ('PENDING', 'SENDING')),
           coalesce(round(extract(epoch FROM max(finished_at) - '$t0'::timestamptz)::numeric, 2), -1)
    FROM medbook.notification_deliveries WHERE created_at = '$at'" | tr '|' ' ')"
  rate=$(awk -v n="$sent" -v s="$seconds" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')
  errors=$(query "SELECT coalesce(string_agg(DISTINCT last_error, '; '), '') FROM medbook.notification_deliveries WHERE created_at = '$at' AND last_error IS NOT NULL")
  row=$(printf '%-3s %7s %7s %7s %7s %7s %7s %8s %7s %7s %7s   %s → %s' "$run" "$EMAILS" "$sent" "$skipped" "$failed" "$retried" \
    "$open" "$seconds" "$rate" "$cpu_used" "$db_used" "$load_before" "$load_after")
  ROWS+=("$row")
  echo "$row${errors:+   errors: $errors}"
done

{
  echo
  echo "== E-mail dispatch ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD))"
  echo "sender: $(email_sender); SMTP sink: $SMTP_SINK on 127.0.0.1:$SMTP_PORT"
  echo "$EMAILS due EMAIL deliveries (booking confirmations) for $RECIPIENTS patients inserted at once while Medbook runs;"
  echo "seconds: from the insert's commit to the last finished_at; e-mails/s = sent / seconds;"
  echo "srv-cpu, db-cpu: CPU seconds the server and its PostgreSQL backends used meanwhile."
  printf '%-3s %7s %7s %7s %7s %7s %7s %8s %7s %7s %7s   %s\n' run seeded sent skipped failed retried open seconds mails/s srv-cpu db-cpu "load avg before → after"
  printf '%s\n' "${ROWS[@]}"
  echo "claim: >= 1000 e-mails/s"
  [ "$SMTP_SINK" != discard ] || echo "SMTP sink: $(grep -E '^received' "$OUT/smtp-sink.log" | tail -1)"
  echo "logs: $OUT"
} | tee "$OUT/summary.txt"
