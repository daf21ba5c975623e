#!/usr/bin/env bash
# How long the search read model takes to build from scratch, and how much room it takes.
#
#   load/search-build.sh                      # 100,000 demo doctors, 3 runs, each on a fresh database
#   DOCTORS=10000 RUNS=1 load/search-build.sh  # a quick check
#
# Each run creates the database MEDBOOK_BUILD_DB (default medbook_search_build), starts Medbook from
# target/classes with DOCTORS demo doctors (the first start generates them, then the import event
# rebuilds the read model), reads the server's own log lines for both times, measures the read
# model's tables and indexes, stops the server and drops the database. Prints one line per run and
# the median, min and max of the build; writes them to target/load/search-build-<time>.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCTORS=${DOCTORS:-100000}
RUNS=${RUNS:-3}
DB=${MEDBOOK_BUILD_DB:-medbook_search_build}
PORT=${PORT:-8091}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-8092}
SERVER_HEAP=${SERVER_HEAP:-1g}
OUT=target/load
mkdir -p "$OUT"
TSV="$OUT/search-build-$(date -u +%Y%m%dT%H%M%SZ).tsv"
SERVER_PID=

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
query() { psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt -c "$1"; }

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2> /dev/null; then
    kill "$SERVER_PID" 2> /dev/null || true
    wait "$SERVER_PID" 2> /dev/null || true
  fi
  psql_admin -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" > /dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAVA=${MEDBOOK_LOAD_JAVA:-}
if [ -z "$JAVA" ]; then
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} $(command -v java || true) /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${version%%.*}" -ge 21 ] 2> /dev/null; then JAVA=$candidate; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "No JDK 21 or later found: set MEDBOOK_LOAD_JAVA" >&2; exit 1; }

echo "Compiling Medbook ($(git rev-parse --short HEAD 2> /dev/null || echo '?'))" >&2
mvn -B -q compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$OUT/classpath.txt" \
  > "$OUT/search-build-compile.log" 2>&1 || { cat "$OUT/search-build-compile.log"; exit 1; }

printf 'run\tdoctors\tgenerate_ms\tbuild_ms\tdoctors_per_s\tread_model_mb\truns\tload_before\n' > "$TSV"
for run in $(seq 1 "$RUNS"); do
  cleanup
  psql_admin -c "CREATE DATABASE $DB" > /dev/null
  log_file="$OUT/search-build-server-$run.log"
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  env MEDBOOK_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" MEDBOOK_LOG_FORMAT= MEDBOOK_LOG_CODES=false PORT="$PORT" \
      MEDBOOK_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
    "$JAVA" -Xms1g -Xmx"$SERVER_HEAP" -cp "target/classes:$(cat "$OUT/classpath.txt")" org.medbook.MedbookApplication \
      --medbook.demo.doctors="$DOCTORS" --medbook.search.rebuild-on-start=false \
      --logging.level.org.springframework.modulith=WARN > "$log_file" 2>&1 &
  SERVER_PID=$!
  started=$SECONDS
  until grep -q 'Search rebuild finished' "$log_file" 2> /dev/null; do
    kill -0 "$SERVER_PID" 2> /dev/null || { echo "Medbook stopped; see $log_file" >&2; tail -20 "$log_file" >&2; exit 1; }
    [ $((SECONDS - started)) -lt 3600 ] || { echo "No rebuild after 3600 s; see $log_file" >&2; exit 1; }
    sleep 2
  done
  generate_ms=$(sed -n 's/.*Generated [0-9]* demo doctors in \([0-9]*\) ms.*/\1/p' "$log_file" | head -1)
  build_ms=$(sed -n 's/.*Search rebuild finished: [0-9]* doctors in \([0-9]*\) ms.*/\1/p' "$log_file" | head -1)
  indexed=$(sed -n 's/.*Search rebuild finished: \([0-9]*\) doctors.*/\1/p' "$log_file" | head -1)
  size_mb=$(query "SELECT round(sum(pg_total_relation_size(c.oid)) / 1048576.0) FROM pg_class c
                   JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'medbook' AND c.relkind = 'r' AND c.relname LIKE 'search\_%'")
  runs=$(query "SELECT count(*) FROM medbook.search_runs")
  per_s=$(awk -v d="$indexed" -v ms="$build_ms" 'BEGIN { printf "%.0f", d * 1000 / ms }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$indexed" "$generate_ms" "$build_ms" "$per_s" "$size_mb" "$runs" \
    "$load_before" >> "$TSV"
  printf 'run %s: %s doctors generated in %s ms, read model built in %s ms (%s doctors/s), %s MB, %s runs (load %s before)\n' \
    "$run" "$indexed" "$generate_ms" "$build_ms" "$per_s" "$size_mb" "$runs" "$load_before" >&2
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2> /dev/null || true
  SERVER_PID=
done
awk -F'\t' 'NR > 1 { v[NR - 1] = $4 } END {
    n = NR - 1; asort(v)
    printf "build of the read model over %d run(s): median %.1f s, min %.1f s, max %.1f s\n", n,
      (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) / 1000, v[1] / 1000, v[n] / 1000 }' "$TSV" >&2
echo "Saved $TSV" >&2
