#!/usr/bin/env bash
# Set up, then run the main job on the shipped MCI sample: the check in text, the findings as JSON
# in out/, and the DPIA report as PDF in out/. The sample is built to fail, so the check's exit
# code 1 is the expected result.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit $?
mkdir -p out
.venv/bin/compliance check samples/mci --as-of 2026-11-22
.venv/bin/compliance check samples/mci --as-of 2026-11-22 --format json --output out/mci-findings.json
status=$?
if [ "$status" -ne 1 ]; then
  echo "demo: unexpected exit code $status from compliance check (the sample should fail with 1)" >&2
  exit 1
fi
.venv/bin/compliance report samples/mci --as-of 2026-11-22 --output out/mci-dpia.pdf || exit $?
.venv/bin/compliance verify out/mci-dpia.pdf samples/mci || exit $?
echo "demo: the MCI sample fails the check as it should (exit 1); findings in out/mci-findings.json,"
echo "demo: the DPIA report in out/mci-dpia.pdf (verified against its inputs)"
