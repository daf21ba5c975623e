#!/usr/bin/env bash
# Booking throughput with a background feature on and off; by default notifications. On its own
# database (medbook_notif_load, 2,000 demo doctors, a user account for each of them and PATIENTS seeded
# patients), runs NotifiedBookingSimulation RUNS times with the feature on and RUNS times with it off
# (SWITCH=false, by default MEDBOOK_NOTIFICATIONS_ENABLED), in alternating order, restarting Medbook for
# every run. With notifications on, every booking of a seeded patient notifies the patient and the
# doctor, in-app and by e-mail to a local SMTP sink. For each run it prints the 201s per second of the
# constant phase, the booking request's p50/p95/p99, how large the background backlog (notification
# events and deliveries, event publications not yet handled by their listeners, booking changes the
# reports have not read from the feed yet or queued again, and rollup differences not yet folded) grew and how long it took to drain after the
# run, and the CPU per booking until then.
# Logs and reports: target/load/notifications-load-<time>/.
#
#   load/notifications-load.sh                                   # closed loop, 16 patients at once, 3 × 60 s on and off
#   MODEL=open RATE=60 load/notifications-load.sh                # 60 new bookings per second instead
#   RUNS=1 SECONDS_PER_RUN=20 WARMUP_SECONDS=10 USERS=8 load/notifications-load.sh   # a quick check
#   RESET=true load/notifications-load.sh                        # start from a fresh database
#   SWITCH=MEDBOOK_REPORTING_ENABLED BOTH="MEDBOOK_NOTIFICATIONS_ENABLED=false" load/notifications-load.sh
#                                                                # what reporting costs a booking, notifications off
#   FRESH_EACH_RUN=true load/notifications-load.sh               # every run from the same seeded copy, same week
#   OFF_SQL="DROP INDEX medbook.appointments_change_feed_idx" ...  # SQL run on the database before each
#                                                                # run with the feature off (with FRESH_EACH_RUN,
#                                                                # on that run's copy): here the booking change
#                                                                # feed's index, which only the reports read
#
# Settings: SWITCH (the setting set to true and false), BOTH (VAR=value pairs set on both sides), OFF_SQL, MODEL
# (closed|open), USERS (closed), RATE (open), SECONDS_PER_RUN, RAMP_SECONDS, WARMUP_SECONDS (an unmeasured
# run on each fresh server first, 0 for none), RUNS, PATIENTS, DRAIN_TIMEOUT, and those of
# load/notifications-common.sh (DOCTORS, PORT, SMTP_PORT, SMTP_SINK, ...).
# Each run books in its own week ahead (weeks 1..7 of the doctors' 60-day horizon, then again), so
# later runs do not meet emptier calendars. Later runs still meet patients with more upcoming visits
# (more of them at their limit) and fuller tables; with FRESH_EACH_RUN=true the seeded database is kept
# as a template ($DB_seed) and every run starts from a copy of it, booking week 1, so both sides of
# the comparison start from exactly the same state.
source "$(dirname "$0")/notifications-common.sh"

MODEL=${MODEL:-closed}
USERS=${USERS:-16}
RATE=${RATE:-50}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
RAMP_SECONDS=${RAMP_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
RUNS=${RUNS:-3}
SWITCH=${SWITCH:-MEDBOOK_NOTIFICATIONS_ENABLED}
FRESH_EACH_RUN=${FRESH_EACH_RUN:-false}
OFF_SQL=${OFF_SQL:-}
if [ -n "$OFF_SQL" ] && [ "$FRESH_EACH_RUN" != true ]; then
  echo "OFF_SQL needs FRESH_EACH_RUN=true: the next run with the setting on must start from an unchanged copy" >&2
  exit 2
fi
read -r -a BOTH_SETTINGS <<< "${BOTH:-}"

trap cleanup EXIT
trap 'exit 130' INT TERM

# Writes "epoch backlog" every two seconds to $1 until killed.
watch_backlog() {
  while true; do echo "$(date +%s) $(backlog 2>/dev/null || echo -1)" >> "$1"; sleep 2; done
}

simulation_args() {
  local seconds=$1 week=$2
  echo "-Dmedbook.load.model=$MODEL -Dmedbook.load.users=$USERS -Dmedbook.load.rate=$RATE" \
       "-Dmedbook.load.seconds=$seconds -Dmedbook.load.rampSeconds=$RAMP_SECONDS -Dmedbook.load.week=$week"
}


if [ "$FRESH_EACH_RUN" = true ] && seed_kept; then
  if [ "${RESET:-false}" = true ]; then
    psql_admin -c "DROP DATABASE $SEED_DB"
  else
    # the database holds the last run's bookings: start again from the seeded copy
    restore_seed
  fi
fi
ensure_database
prepare
start_smtp_sink

seed_database
if [ "$FRESH_EACH_RUN" = true ] && ! seed_kept; then
  psql_admin -c "CREATE DATABASE $SEED_DB TEMPLATE $DB"
  log "Kept the seeded database as $SEED_DB; every run starts from a copy of it"
fi

ROWS=()
run_number=0
for pair in $(seq 1 "$RUNS"); do
  if [ $((pair % 2)) -eq 1 ]; then modes="on off"; else modes="off on"; fi
  for mode in $modes; do
    run_number=$((run_number + 1))
    if [ "$FRESH_EACH_RUN" = true ]; then
      week=1
      restore_seed
    else
      week=$(( (run_number - 1) % 7 + 1 ))
    fi
    label="$mode-$pair"
    enabled=$([ "$mode" = on ] && echo true || echo false)
    log "== Run $run_number: $SWITCH $mode, $MODEL, week $week"
    if [ "$mode" = off ] && [ -n "$OFF_SQL" ]; then query "$OFF_SQL" > /dev/null; fi
    if reporting_on "${BOTH_SETTINGS[@]}" "$SWITCH=$enabled"; then READS_FEED=true; else READS_FEED=false; fi
    start_server "$label" "${BOTH_SETTINGS[@]}" "$SWITCH=$enabled"
    if [ "$WARMUP_SECONDS" -gt 0 ]; then
      log "Warm-up: $WARMUP_SECONDS s"
      # shellcheck disable=SC2046
      gatling "$OUT/gatling-warmup-$label.log" NotifiedBookingSimulation $(simulation_args "$WARMUP_SECONDS" "$week")
      log "Warm-up backlog drained in $(drain) s"
    fi
    started_at=$(query "SELECT now()")
    wal_before=$(query "SELECT pg_current_wal_lsn()")
    load_before=$(load_average)
    server_cpu=$(cpu_seconds "$SERVER_PID")
    db_cpu "$OUT/db-cpu-before-$label.txt"
    watch_backlog "$OUT/backlog-$label.txt" &
    watcher=$!
    BACKGROUND_PIDS+=("$watcher")
    # shellcheck disable=SC2046
    gatling "$OUT/gatling-$label.log" NotifiedBookingSimulation $(simulation_args "$SECONDS_PER_RUN" "$week")
    load_after=$(load_average)
    left=$(backlog)
    drained=$(drain)
    # CPU from the start of the run until the background work it caused is done
    server_cpu=$(awk -v a="$server_cpu" -v b="$(cpu_seconds "$SERVER_PID")" 'BEGIN { printf "%.1f", b - a }')
    db_cpu "$OUT/db-cpu-after-$label.txt"
    database_cpu=$(db_cpu_used "$OUT/db-cpu-before-$label.txt" "$OUT/db-cpu-after-$label.txt")
    # WAL written on the whole server from the start of the run until its background work was done: a
    # cost that, unlike CPU time, does not move with how fast the machine happens to run
    wal_bytes=$(query "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal_before')")
    kill "$watcher" 2>/dev/null || true
    peak=$(sort -k2 -n "$OUT/backlog-$label.txt" | tail -1 | cut -d' ' -f2)
    booked=$(query "SELECT count(*) FROM medbook.appointments WHERE created_at >= '$started_at'")
    notified=$(query "SELECT count(*) FROM medbook.notifications WHERE created_at >= '$started_at'")
    emailed=$(query "SELECT count(*) FROM medbook.notification_deliveries WHERE created_at >= '$started_at' AND channel = 'EMAIL' AND status = 'SENT'")
    not_sent=$(query "SELECT count(*) FROM medbook.notification_deliveries WHERE created_at >= '$started_at' AND status NOT IN ('SENT', 'PENDING', 'SENDING')")
    stop_server
    gl="$OUT/gatling-$label.log"
    read -r g_count g_ko _ g_p50 g_p95 g_p99 <<< "$(gatling_stats "$gl" 'book a cash appointment')"
    per_booking=$(awk -v s="$server_cpu" -v d="$database_cpu" -v w="$wal_bytes" -v n="$booked" \
      'BEGIN { if (n > 0) printf "%.2f %.2f %.0f", s * 1000 / n, d * 1000 / n, w / n; else print "- - -" }')
    row=$(printf '%-4s %-3s %4s %7s %5s %6s %6s %6s %6s %6s %6s %6s %4s %7s %11s %11s %6s %5s %6s %6s %6s   %s → %s' \
      "$mode" "$pair" "$week" "$(result_field "$gl" rate201)" "$(result_field "$gl" status409)" \
      "$(result_field "$gl" p50)" "$(result_field "$gl" p95)" "$(result_field "$gl" p99)" \
      "$g_p50" "$g_p95" "$g_p99" "$g_count" "$g_ko" "$booked" "$notified/$emailed" "$peak/$left" "$drained" "$not_sent" \
      $per_booking "$load_before" "$load_after")
    ROWS+=("$row")
    echo "$row"
  done
done

median() { sort -n | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }
column_median() { printf '%s\n' "${ROWS[@]}" | awk -v mode="$1" -v col="$2" '$1 == mode {print $col}' | median; }
on=$(column_median on 4)
off=$(column_median off 4)
change=$(awk -v on="$on" -v off="$off" 'BEGIN { if (off > 0) printf "%+.1f %%", (on / off - 1) * 100; else print "-" }')
cpu_on=$(awk -v a="$(column_median on 19)" -v b="$(column_median on 20)" 'BEGIN { printf "%.2f", a + b }')
cpu_off=$(awk -v a="$(column_median off 19)" -v b="$(column_median off 20)" 'BEGIN { printf "%.2f", a + b }')
cpu_change=$(awk -v on="$cpu_on" -v off="$cpu_off" 'BEGIN { if (off > 0) printf "%+.1f %%", (on / off - 1) * 100; else print "-" }')
wal_on=$(column_median on 21)
wal_off=$(column_median off 21)
# each pair's on against its own off, run next to it: the machine's speed drifts over minutes
pairs=$(printf '%s\n' "${ROWS[@]}" | awk '{ rate[$1 " " $2] = $4; pair[$2] = 1 }
  END { for (p in pair) if (rate["off " p] > 0) printf "%.1f\n", (rate["on " p] / rate["off " p] - 1) * 100 }' | sort -g)
pair_median=$(printf '%s\n' "$pairs" | median)

{
  echo
  echo "== Booking with $SWITCH on vs off${BOTH:+ ($BOTH on both sides)} ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD))"
  if [ "$MODEL" = closed ]; then load="closed loop, $USERS patients booking without pause"; else load="open, $RATE new bookings/s"; fi
  echo "$load; ${SECONDS_PER_RUN} s measured after a ${RAMP_SECONDS} s ramp (warm-up ${WARMUP_SECONDS} s on each fresh server);"
  echo "$DOCTORS demo doctors with accounts, $PATIENTS patients; SMTP sink: $SMTP_SINK; e-mail sender: $(email_sender)"
  [ "$FRESH_EACH_RUN" = false ] || echo "every run from a copy of the seeded database ($SEED_DB), booking week 1"
  echo "201/s, 409s, w-p50..p99: constant phase only (booking POST, ms; 409: the slot was just taken or the patient"
  echo "already has a visit then); g-p50..p99, n, ko: Gatling's report of the POST, ramp included."
  echo "booked: appointments created; notif/mail: notifications created / e-mails sent for them; !sent: deliveries"
  echo "skipped or failed; peak/left: largest backlog seen (notification events, open deliveries, unhandled event publications) / backlog when Gatling ended;"
  echo "drain: seconds from Gatling's end until the backlog was empty; srv/db ms/bk: CPU ms per booking of the server"
  echo "and of its PostgreSQL backends, from the start of the run until its background work was done; wal/bk: WAL"
  echo "bytes per booking written on the database server over the same time."
  printf '%-4s %-3s %4s %7s %5s %6s %6s %6s %6s %6s %6s %6s %4s %7s %11s %11s %6s %5s %6s %6s %6s   %s\n' \
    mode run week 201/s 409s w-p50 w-p95 w-p99 g-p50 g-p95 g-p99 n ko booked notif/mail peak/left drain !sent srv/bk db/bk \
    wal/bk "load avg before → after"
  printf '%s\n' "${ROWS[@]}"
  echo "median 201/s: on $on, off $off: $change (claim: within -10 %)"
  echo "median CPU ms per booking (server + database): on $cpu_on, off $cpu_off: $cpu_change"
  echo "median WAL bytes per booking: on $wal_on, off $wal_off"
  echo "each pair, on against off: $(echo $pairs) (median $pair_median %)"
  echo "logs: $OUT"
} | tee "$OUT/summary.txt"
