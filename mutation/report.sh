#!/usr/bin/env bash
# Writes one PIT run's section into mutation/REPORT.md (or REPORT): the per-package table and every
# mutant that was not killed, from the run's mutations.csv. mutation/run.sh calls it after each run;
# it can also be called on a kept CSV:
#
#   COMMIT=d3291ee MINUTES=6 TIMEOUT_CONSTANT=120000 mutation/report.sh saved/mutations.csv 'org.medbook.content.application.*' 'org.medbook.content.**'
#
# Settings (environment): TIMEOUT_CONSTANT (required: the run's), EXCLUDED (the run's, if any), COMMIT (default: this checkout's, marked
# when src has uncommitted changes), DAY (default today, UTC), MINUTES, THREADS (2), REPORT.
set -euo pipefail
cd "$(dirname "$0")/.."

CSV=$1
CLASSES=$2
TESTS=$3
THREADS="${THREADS:-2}"
# the command line the section prints; run.sh passes the value it ran with
TIMEOUT_CONSTANT="${TIMEOUT_CONSTANT:?the TIMEOUT_CONSTANT the run used}"
REPORT="${REPORT:-mutation/REPORT.md}"
if [[ -z "${COMMIT:-}" ]]; then
  COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' plus uncommitted changes')"
fi
DAY="${DAY:-$(date -u +%Y-%m-%d)}"

PIT_VERSION=$(grep -A1 '<artifactId>pitest-maven</artifactId>' pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
HEADING="## Classes \`$CLASSES\`${EXCLUDED:+ except \`$EXCLUDED\`}, tests \`$TESTS\`"
SECTION=$(mktemp)
TOTAL=$(mktemp)
REST=$(mktemp)
trap 'rm -f "$SECTION" "$TOTAL" "$REST"' EXIT
{
  echo "$HEADING"
  echo
  echo "Commit \`$COMMIT\`, $DAY, about ${MINUTES:-?} minutes with $THREADS threads:"
  echo
  echo "    CLASSES='$CLASSES' ${EXCLUDED:+EXCLUDED='$EXCLUDED' }TESTS='$TESTS' THREADS=$THREADS TIMEOUT_CONSTANT=$TIMEOUT_CONSTANT mutation/run.sh"
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
  # every mutant not killed: class (without the package), method, line, mutator, status
  awk -F, '$6 == "SURVIVED" || $6 == "NO_COVERAGE" {
      cls = $2; sub(/.*\./, "", cls); mutator = $3; sub(/.*\./, "", mutator); sub(/Mutator$/, "", mutator)
      printf "- `%s.%s` line %s: %s, %s\n", cls, $4, $5, mutator, ($6 == "SURVIVED" ? "survived" : "no test reaches it") }' "$CSV" \
    | sort -t: -k1,1 -V > "$REST"
  if [[ -s "$REST" ]]; then
    echo
    echo "<details><summary>Mutants not killed ($(wc -l < "$REST"))</summary>"
    echo
    cat "$REST"
    echo
    echo "</details>"
  fi
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
