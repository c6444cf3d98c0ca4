#!/usr/bin/env bash
# Set up, then run the main job on the shipped MCI sample: the check in text, and the findings
# as JSON in out/. The sample is built to fail, so the check's exit code 1 is the expected result.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit $?
mkdir -p out
.venv/bin/compliance check samples/mci --as-of 2026-11-22
.venv/bin/compliance check samples/mci --as-of 2026-11-22 --format json --output out/mci-findings.json
status=$?
if [ "$status" -eq 1 ]; then
  echo "demo: the MCI sample fails the check as it should (exit 1); findings in out/mci-findings.json"
  exit 0
fi
echo "demo: unexpected exit code $status from compliance check" >&2
exit 1
