#!/usr/bin/env bash
# The load suite: starts Medbook on its own database with 100,000 demo doctors (generated once,
# kept between runs), waits until the search index holds them all, then runs the Gatling
# simulations. Figures go to BENCHMARKS.md by hand (median of several runs).
#
#   load/run-load.sh                       # search and slots at 1000 req/s for 60 s
#   RATE=500 SECONDS_PER_RUN=30 RUNS=3 load/run-load.sh SearchSimulation
#   REBUILD=true load/run-load.sh          # rebuild the search read model at start
#
# Notifications have their own scripts, on their own database (see load/README.md):
# load/notifications-load.sh, load/email-dispatch-load.sh, load/inbox-load.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${MEDBOOK_LOAD_DB:-medbook_load}
DOCTORS=${MEDBOOK_LOAD_DOCTORS:-100000}
RATE=${RATE:-1000}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
RUNS=${RUNS:-1}
PORT=${PORT:-8089}
SIMULATIONS=("$@")
[ ${#SIMULATIONS[@]} -gt 0 ] || SIMULATIONS=(SearchSimulation SlotsSimulation)
PSQL="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1"

$PSQL -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || $PSQL -d postgres -c "CREATE DATABASE $DB"

mkdir -p target
MEDBOOK_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" MEDBOOK_LOG_FORMAT= MEDBOOK_LOG_CODES=false PORT=$PORT \
  mvn -B -q spring-boot:run \
    -Dspring-boot.run.optimizedLaunch=false -Dspring-boot.run.jvmArguments="-Xms1g -Xmx2g" \
    -Dspring-boot.run.arguments="--medbook.demo.doctors=$DOCTORS --medbook.search.rebuild-on-start=${REBUILD:-false} --logging.level.org.springframework.modulith=WARN" \
    >> target/load-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; pkill -f "medbook.demo.doctors=$DOCTORS" 2>/dev/null || true' EXIT

echo "Waiting for $DOCTORS doctors in the search index (first run generates them: several minutes)..."
until [ "$($PSQL -d "$DB" -tAc 'SELECT count(*) FROM medbook.search_doctors' 2>/dev/null || echo 0)" -ge "$DOCTORS" ] \
      && curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
  kill -0 $SERVER 2>/dev/null || { echo "Medbook stopped; see target/load-server.log"; exit 1; }
  sleep 5
done

for simulation in "${SIMULATIONS[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    echo "== $simulation run $run: $RATE req/s for $SECONDS_PER_RUN s"
    mvn -B -q -Pload test-compile gatling:test -Dgatling.simulation="org.medbook.load.$simulation" \
      -Dmedbook.load.baseUrl="http://127.0.0.1:$PORT" -Dmedbook.load.rate="$RATE" \
      -Dmedbook.load.seconds="$SECONDS_PER_RUN" | sed -n -e '/Global Information/,/Response Time Distribution/p' -e '/HOT SLOT RESULT/p'
  done
done
