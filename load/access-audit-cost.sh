#!/usr/bin/env bash
# What recording a read of patient data costs the database, two ways: an INSERT in the read's own
# transaction (the read's commit then waits for a WAL flush) against the batched multi-row INSERT
# that Medbook uses (150 rows a statement, off the request path). On a scratch database
# (medbook_access_audit_cost, dropped afterwards) with the audit_events layout and 100,000 bookings.
#
#   load/access-audit-cost.sh                    # 1 and 4 clients, 10 s each
#   CLIENTS="1 8" SECONDS_PER_RUN=20 load/access-audit-cost.sh
#
# Settings: PGHOST (localhost), PGUSER (postgres), CLIENTS, SECONDS_PER_RUN.
set -euo pipefail
export PGHOST=${PGHOST:-localhost} PGUSER=${PGUSER:-postgres} PGOPTIONS='-c client_min_messages=warning'
CLIENTS=${CLIENTS:-"1 4"}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
DB=medbook_access_audit_cost
WORK=$(mktemp -d)
trap 'psql -qc "DROP DATABASE IF EXISTS $DB" >/dev/null; rm -rf "$WORK"' EXIT

psql -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
psql -q -d "$DB" <<'SQL'
CREATE TABLE audit_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id uuid NOT NULL UNIQUE,
    occurred_at timestamptz NOT NULL, actor_id uuid, action text NOT NULL, target text, ip text,
    details jsonb NOT NULL DEFAULT '{}', patient_id uuid);
CREATE INDEX ON audit_events (occurred_at DESC, id DESC);
CREATE INDEX ON audit_events (actor_id, occurred_at DESC);
CREATE INDEX ON audit_events (patient_id, occurred_at DESC, id DESC) WHERE patient_id IS NOT NULL;
CREATE TABLE bookings AS
    SELECT gen_random_uuid() AS id, gen_random_uuid() AS patient_id, now() AS start_at FROM generate_series(1, 100000);
ALTER TABLE bookings ADD PRIMARY KEY (id);
SQL

ROW="gen_random_uuid(), now(), gen_random_uuid(), 'patient-data.read', 'patient:x', '192.0.2.1',
     '{\"kind\":\"BOOKING\",\"role\":\"DOCTOR\"}', gen_random_uuid()"
COLUMNS="(event_id, occurred_at, actor_id, action, target, ip, details, patient_id)"
READ="SELECT * FROM bookings WHERE id = (SELECT id FROM bookings TABLESAMPLE SYSTEM (0.1) LIMIT 1);"
printf 'BEGIN;\n%s\nCOMMIT;\n' "$READ" > "$WORK/read.sql"
printf 'BEGIN;\n%s\nINSERT INTO audit_events %s VALUES (%s);\nCOMMIT;\n' "$READ" "$COLUMNS" "$ROW" > "$WORK/read-and-record.sql"
printf 'INSERT INTO audit_events %s SELECT %s FROM generate_series(1, 150);\n' "$COLUMNS" "$ROW" > "$WORK/batch-of-150.sql"

for clients in $CLIENTS; do
  for script in read read-and-record batch-of-150; do
    if ! result=$(pgbench -n -c "$clients" -T "$SECONDS_PER_RUN" -f "$WORK/$script.sql" "$DB" 2>&1); then
      echo "$script clients=$clients failed: $result" >&2
      continue
    fi
    printf '%-16s clients=%-2s %s, %s\n' "$script" "$clients" \
      "$(grep -o 'latency average = .*' <<<"$result")" "$(grep -o 'tps = [0-9.]*' <<<"$result")"
  done
done
