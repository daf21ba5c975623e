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
#   CLASSES, TESTS     PIT globs of the classes to mutate and of the tests to run against them
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
  -Dmutation.threads="$THREADS" -Dmutation.timeoutConstant="$TIMEOUT_CONSTANT"
MINUTES=$(( ($(date +%s) - STARTED + 59) / 60 ))

CSV=target/pit-reports/mutations.csv
PIT_VERSION=$(grep -A1 '<artifactId>pitest-maven</artifactId>' pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
HEADING="## Classes \`$CLASSES\`, tests \`$TESTS\`"
SECTION=$(mktemp)
TOTAL=$(mktemp)
REST=$(mktemp)
trap 'rm -f "$SECTION" "$TOTAL" "$REST"' EXIT
{
  echo "$HEADING"
  echo
  echo "Commit \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- src || echo ' plus uncommitted changes'), $(date -u +%Y-%m-%d), about $MINUTES minutes with $THREADS threads:"
  echo
  echo "    CLASSES='$CLASSES' TESTS='$TESTS' THREADS=$THREADS TIMEOUT_CONSTANT=$TIMEOUT_CONSTANT mutation/run.sh"
  echo
  echo "| package | mutants | killed | survived | no coverage | score |"
  echo "|---|---:|---:|---:|---:|---:|"
  awk -F, '
    { n = split($2, part, "."); pkg = part[1]; for (i = 2; i < n; i++) pkg = pkg "." part[i]
      sub(/\$.*/, "", pkg)
      total[pkg]++; all++
      if ($6 == "KILLED" || $6 == "TIMED_OUT" || $6 == "MEMORY_ERROR") { killed[pkg]++; allKilled++ }
      else if ($6 == "SURVIVED") survived[pkg]++
      else if ($6 == "NO_COVERAGE") uncovered[pkg]++ }
    END {
      for (p in total) printf "| `%s` | %d | %d | %d | %d | %d %% |\n", p, total[p], killed[p], survived[p], uncovered[p], int(100 * killed[p] / total[p])
      printf "| **all** | %d | %d | | | **%d %%** |\n", all, allKilled, int(100 * allKilled / all) > "/dev/stderr"
    }' "$CSV" 2>"$TOTAL" | sort
  cat "$TOTAL"
  awk -F, '$6 == "TIMED_OUT" { t++ } END { if (t) printf "\n%d of the killed mutants timed out rather than failing a test.\n", t }' "$CSV"
} > "$SECTION"

# Every other section of the report stays as it is; this run's section replaces its previous one.
if [[ ! -f "$REPORT" ]]; then
  {
    echo "# Mutation score"
    echo
    echo "Written by \`mutation/run.sh\` (PIT $PIT_VERSION with its default mutators), one section per set of"
    echo "classes and tests. Killed counts the mutants a test failed on (or timed out on); the score is"
    echo "killed / generated. The last run's surviving mutants are in \`target/pit-reports/index.html\`."
  } > "$REPORT"
fi
awk -v heading="$HEADING" '
  $0 == heading { skip = 1; next }
  skip && /^## / { skip = 0 }
  !skip' "$REPORT" > "$REST"
{
  sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$REST"
  echo
  cat "$SECTION"
} > "$REPORT"
cat "$SECTION"
