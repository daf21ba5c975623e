#!/usr/bin/env bash
# Mutation testing with PIT over Medbook's domain packages (default) or any other package pattern,
# then a per-package score table in mutation/REPORT.md.
#
#   mutation/run.sh                       domain packages, killed by the plain unit tests
#   CLASSES='org.medbook.content.application.*' TESTS='org.medbook.content.**' mutation/run.sh
#                                         one module's application package, killed by that module's
#                                         tests, Spring integration tests included
#
# Settings (environment):
#   CLASSES, TESTS     PIT globs (comma-separated lists) of the classes to mutate and of the tests to
#                      run against them
#   EXCLUDED           a PIT glob of classes in CLASSES to leave out (e.g. a part measured before)
#   THREADS            minion JVMs run side by side (default 2)
#   TIMEOUT_CONSTANT   ms added to each test's normal time before a mutant counts as timed out.
#                      Default 3000 for the domain tests; 120000 when TESTS is anything else, because
#                      a minion starts the Spring context (and its own test database) inside the first
#                      test it runs, which the normal time of that test does not include.
#   REPORT             the Markdown file whose section for these CLASSES/TESTS is (re)written
#
# PIT starts its own test JVMs and does not follow Maven toolchains, so this picks the newest
# installed JDK >= 21 (or MEDBOOK_MUTATION_JAVA) for them, as the build does for compiling. Each
# minion is an ordinary test JVM: TestDatabase creates (and at exit drops) its own database on the
# local PostgreSQL, and Spring's test context cache keeps one context for all mutants of the minion.
set -euo pipefail
cd "$(dirname "$0")/.."

DOMAIN='org.medbook.*.domain.*'
CLASSES="${CLASSES:-$DOMAIN}"
TESTS="${TESTS:-$DOMAIN}"
EXCLUDED="${EXCLUDED:-}"
THREADS="${THREADS:-2}"
if [[ "$TESTS" == "$DOMAIN" ]]; then
  TIMEOUT_CONSTANT="${TIMEOUT_CONSTANT:-3000}"
else
  TIMEOUT_CONSTANT="${TIMEOUT_CONSTANT:-120000}"
fi
REPORT="${REPORT:-mutation/REPORT.md}"

JAVA_BIN=$(MEDBOOK_JAVA="${MEDBOOK_MUTATION_JAVA:-${MEDBOOK_JAVA:-}}" bin/java21)
echo "PIT test JVMs run on $JAVA_BIN"
STARTED=$(date +%s)
mvn -B -q -Pmutation test-compile org.pitest:pitest-maven:mutationCoverage \
  -Dmutation.jvm="$JAVA_BIN" -Dmutation.classes="$CLASSES" -Dmutation.tests="$TESTS" \
  ${EXCLUDED:+-Dmutation.excluded="$EXCLUDED"} \
  -Dmutation.threads="$THREADS" -Dmutation.timeoutConstant="$TIMEOUT_CONSTANT"
MINUTES=$(( ($(date +%s) - STARTED + 59) / 60 ))

MINUTES="$MINUTES" THREADS="$THREADS" TIMEOUT_CONSTANT="$TIMEOUT_CONSTANT" REPORT="$REPORT" EXCLUDED="$EXCLUDED" \
  mutation/report.sh target/pit-reports/mutations.csv "$CLASSES" "$TESTS"
