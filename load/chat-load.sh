#!/usr/bin/env bash
# Chat on one node: authenticated WebSocket (STOMP) connections held within the server's heap, and
# one-to-one delivery, from a message's send to its push reaching the other participant's socket.
# On its own database (medbook_chat_load), seeded with SQL: SOCKETS / 2 patients, as many doctor
# accounts and a conversation between the n-th of each (stable ids, kept between runs). Medbook runs
# from target/classes with -Xmx$SERVER_HEAP (1g) and metrics on MANAGEMENT_PORT; the driver
# (org.medbook.load.ChatLoad, src/gatling/java) opens every socket (CONNECT with a token signed by
# the server's development key, SUBSCRIBE to /user/queue/messages and /user/queue/errors), reports
# what the server holds and its heap, then sends RATE messages/s for SECONDS_PER_RUN s, each over its
# sender's socket (STOMP SEND), patient and doctor taking turns in each conversation, and times each
# from the moment it was due until the other participant received it.
#
#   load/run-load.sh chat                                              # 10,000 sockets, 2,000 messages/s for 60 s
#   SOCKETS=1000 RATE=200 SECONDS_PER_RUN=20 load/run-load.sh chat     # a quick check
#   RESET=true load/run-load.sh chat                                   # on a fresh database
#
# Settings: SOCKETS (10000, even), RATE (2000), SECONDS_PER_RUN (60), WARMUP_SECONDS (10: the same
# rate, unmeasured, on the same sockets first; 0 for none), CONNECT_RATE (500 new sockets/s),
# SERVER_HEAP (1g), DRIVER_HEAP (1g), PORT (8093), MANAGEMENT_PORT (8094), PGBENCH_CLIENTS (8: the twin's
# clients, as many as the server's inbound workers), MEDBOOK_CHAT_LOAD_DB, and
# those of load/notifications-common.sh (RESET, MEDBOOK_LOAD_JAVA). Every user may send
# MEDBOOK_CHAT_SEND_PERMITS (120) messages a minute: RATE * 60 / SOCKETS must stay well below it.
# After the measured run, load/chat-message.pgbench (the SQL of one message) runs in pgbench for as
# long, so the delivery rate can be read as a share of what the database itself does on this machine.
# Output: CHAT lines (connections, heap, delivery, the CPU spent per delivered message, the pgbench
# twin) and target/load/chat-load-<time>/summary.txt.
MEDBOOK_NOTIF_LOAD_DB=${MEDBOOK_CHAT_LOAD_DB:-medbook_chat_load}
PORT=${PORT:-8093}
SERVER_HEAP=${SERVER_HEAP:-1g}
# no demo doctors: the conversations are all the data this needs
DOCTORS=0
source "$(dirname "$0")/notifications-common.sh"
source "$(dirname "$0")/load-suite-common.sh"

SOCKETS=${SOCKETS:-10000}
RATE=${RATE:-2000}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
CONNECT_RATE=${CONNECT_RATE:-500}
DRIVER_HEAP=${DRIVER_HEAP:-1g}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-8094}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-8}
KEEP_DB=true
PAIRS=$((SOCKETS / 2))

[ $((SOCKETS % 2)) -eq 0 ] || { echo "SOCKETS must be even (a patient and a doctor per conversation)" >&2; exit 1; }

# Every socket is a file descriptor, in the server and in the driver.
wanted_files=$((SOCKETS + 5000))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$wanted_files" ]; then
  ulimit -n "$wanted_files" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge "$wanted_files" ] \
    || log "Open files limited to $(ulimit -n) (hard limit $(ulimit -Hn)); $SOCKETS sockets need about $wanted_files"
fi
# Tomcat accepts 8,192 connections by default
export SERVER_TOMCAT_MAX_CONNECTIONS=$((SOCKETS + 1000))

trap cleanup EXIT
trap 'exit 130' INT TERM

# seed_conversations N: N patients (load-patient-<n>), N doctor accounts (load-chat-doctor-<n>) and a
# conversation between the n-th of each, with its live-delivery cursor.
seed_conversations() {
  seed_patients "$1"
  sql -v n="$1" <<'SQL'
INSERT INTO medbook.users (id, status, roles, email, email_verified, name, created_at, updated_at)
SELECT md5('load-chat-doctor-' || i)::uuid, 'ACTIVE', '{DOCTOR}', 'load-chat-doctor-' || i || '@load.medbook.org', true,
       'Load Doctor ' || i, now(), now()
FROM generate_series(1, :n) AS i
ON CONFLICT (id) DO NOTHING;
INSERT INTO medbook.conversations (id, patient_id, doctor_id, status, activity_at, created_at)
SELECT md5('load-chat-conversation-' || i)::uuid, md5('load-patient-' || i)::uuid, md5('load-chat-doctor-' || i)::uuid,
       'OPEN', now(), now()
FROM generate_series(1, :n) AS i
ON CONFLICT DO NOTHING;
INSERT INTO medbook.chat_push_cursors (conversation_id, pushed_seq)
SELECT id, last_seq FROM medbook.conversations WHERE id = ANY (SELECT md5('load-chat-conversation-' || i)::uuid
                                                                FROM generate_series(1, :n) AS i)
ON CONFLICT DO NOTHING;
SQL
}

# driver LOG SECONDS: one run of the driver against the server.
driver() {
  local log_file=$1 seconds=$2
  "$JAVA" -Xmx"$DRIVER_HEAP" -cp "target/test-classes:target/classes:$(cat target/load/gatling-classpath.txt)" \
      -Dmedbook.load.wsUrl="ws://127.0.0.1:$PORT/ws" -Dmedbook.load.jdbcUrl="$JDBC_URL" \
      -Dmedbook.load.metricsUrl="http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" \
      -Dmedbook.load.serverPid="$SERVER_PID" -Dmedbook.load.histogramFile="${log_file%.log}-histogram.txt" \
      ${HEAP_DUMP:+-Dmedbook.load.heapDumpFile="${log_file%.log}.hprof"} \
      -Dmedbook.load.sockets="$SOCKETS" -Dmedbook.load.rate="$RATE" \
      -Dmedbook.load.seconds="$seconds" -Dmedbook.load.connectRate="$CONNECT_RATE" \
      org.medbook.load.ChatLoad 2>&1 | tee "$log_file" | grep --line-buffered -E '^(CHAT|\[chat-load)' >&2 \
    || { echo "The chat driver failed; see $log_file" >&2; tail -30 "$log_file" >&2; return 1; }
  grep -q '^CHAT DELIVERY' "$log_file" || { echo "The chat driver ended without figures; see $log_file" >&2; return 1; }
}

ensure_database
suite_prepare
# The first start creates the schema; the accounts and conversations follow.
start_suite_server "$DB"
seed_conversations "$PAIRS"
log "Seeded: $(query "SELECT count(*) FROM medbook.conversations WHERE id IN (SELECT md5('load-chat-conversation-' || i)::uuid FROM generate_series(1, $PAIRS) i)") conversations"

if [ "$WARMUP_SECONDS" -gt 0 ]; then
  log "Warm-up: $SOCKETS sockets, $RATE messages/s for $WARMUP_SECONDS s (not measured)"
  driver "$OUT/driver-warmup.log" "$WARMUP_SECONDS"
fi
load_before=$(load_average)
server_cpu=$(cpu_seconds "$SERVER_PID")
log "Measured run: $SOCKETS sockets, $RATE messages/s for $SECONDS_PER_RUN s"
driver "$OUT/driver.log" "$SECONDS_PER_RUN"
server_cpu=$(awk -v a="$server_cpu" -v b="$(cpu_seconds "$SERVER_PID")" 'BEGIN { printf "%.1f", b - a }')
load_after=$(load_average)

# The database's own limit for the same messages, in the same run: the SQL of one message
# (load/chat-message.pgbench) from as many clients as the server has inbound workers, the server
# idle with its sockets closed.
log "pgbench twin: $PGBENCH_CLIENTS clients for $SECONDS_PER_RUN s"
PGOPTIONS="-c search_path=medbook,public $PGBENCH_JIT" pgbench -h 127.0.0.1 -U postgres -n -M prepared \
    -c "$PGBENCH_CLIENTS" -j 2 -T "$SECONDS_PER_RUN" -D pairs="$PAIRS" -f load/chat-message.pgbench "$DB" \
    > "$OUT/pgbench.log" 2>&1 || log "pgbench ended with an error; see $OUT/pgbench.log"
# the twin's messages are not ciphertexts the server could read: gone again, with their seqs and counts
sql <<'SQL'
BEGIN;
CREATE TEMP TABLE twin ON COMMIT DROP AS
  SELECT DISTINCT conversation_id FROM medbook.chat_messages WHERE client_message_id LIKE 'pgbench-%';
DELETE FROM medbook.chat_messages WHERE client_message_id LIKE 'pgbench-%';
UPDATE medbook.conversations c
SET last_seq = COALESCE((SELECT max(m.seq) FROM medbook.chat_messages m WHERE m.conversation_id = c.id), 0),
    patient_unread = (SELECT count(*) FROM medbook.chat_messages m
                      WHERE m.conversation_id = c.id AND m.seq > c.patient_read_seq AND m.sender_id <> c.patient_id),
    doctor_unread = (SELECT count(*) FROM medbook.chat_messages m
                     WHERE m.conversation_id = c.id AND m.seq > c.doctor_read_seq AND m.sender_id <> c.doctor_id)
WHERE c.id IN (SELECT conversation_id FROM twin);
UPDATE medbook.chat_push_cursors p SET pushed_seq = c.last_seq
FROM medbook.conversations c WHERE c.id = p.conversation_id AND c.id IN (SELECT conversation_id FROM twin);
COMMIT;
SQL
pgbench_tps=$(awk '/^tps = / { printf "%.0f", $3 }' "$OUT/pgbench.log")
pgbench_latency=$(awk '/^latency average = / { print $4 }' "$OUT/pgbench.log")
delivered_per_s=$(sed -n 's/^CHAT DELIVERY.* delivered_per_s=\([0-9.]*\).*/\1/p' "$OUT/driver.log")
ratio=$(awk -v a="$delivered_per_s" -v b="$pgbench_tps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')

{
  echo
  echo "== Chat on one node ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD))"
  echo "$SOCKETS sockets (a patient and a doctor in each of $PAIRS conversations), server -Xmx$SERVER_HEAP;"
  echo "$RATE messages/s for $SECONDS_PER_RUN s after a $WARMUP_SECONDS s warm-up; latency: from when a message was due"
  echo "to its push reaching the other participant's socket. Driver, server and PostgreSQL share this machine."
  grep '^CHAT' "$OUT/driver.log"
  echo "CHAT PGBENCH clients=$PGBENCH_CLIENTS messages_per_s=${pgbench_tps:--} latency_avg_ms=${pgbench_latency:--} delivered_to_pgbench=$ratio"
  echo "server CPU during the measured run: $server_cpu s; load average before → after: $load_before → $load_after"
  echo "logs: $OUT"
} | tee "$OUT/summary.txt"
