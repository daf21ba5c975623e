#!/usr/bin/env bash
# Mutation testing with PIT over Medbook's domain packages (default) or any other package pattern,
# then a per-package score table in mutation/REPORT.md.
#
#   mutation/run.sh                       domain packages, killed by the plain unit tests
#   CLASSES='org.medbook.booking.*' TESTS='org.medbook.booking.*' mutation/run.sh
#
# PIT starts its own test JVMs and does not follow Maven toolchains, so this picks the newest
# installed JDK >= 21 (or MEDBOOK_MUTATION_JAVA) for them, as the build does for compiling.
set -euo pipefail
cd "$(dirname "$0")/.."

CLASSES="${CLASSES:-org.medbook.*.domain.*}"
TESTS="${TESTS:-org.medbook.*.domain.*}"
REPORT="${REPORT:-mutation/REPORT.md}"

JAVA_BIN=$(MEDBOOK_JAVA="${MEDBOOK_MUTATION_JAVA:-${MEDBOOK_JAVA:-}}" bin/java21)
echo "PIT test JVMs run on $JAVA_BIN"
mvn -B -q -Pmutation test-compile org.pitest:pitest-maven:mutationCoverage \
  -Dmutation.jvm="$JAVA_BIN" -Dmutation.classes="$CLASSES" -Dmutation.tests="$TESTS"

CSV=target/pit-reports/mutations.csv
PIT_VERSION=$(grep -A1 '<artifactId>pitest-maven</artifactId>' pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
TOTAL=$(mktemp)
trap 'rm -f "$TOTAL"' EXIT
{
  echo "# Mutation score"
  echo
  echo "Produced by \`mutation/run.sh\` (PIT $PIT_VERSION, its default mutators) at commit \`$(git rev-parse --short HEAD)\`:"
  echo "classes \`$CLASSES\`, tests \`$TESTS\`. Killed counts mutants a test failed on (or timed out on);"
  echo "the score is killed / generated. The HTML report with every surviving mutant is in \`target/pit-reports/index.html\`."
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
} > "$REPORT"
cat "$REPORT"
