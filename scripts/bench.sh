#!/usr/bin/env bash
# Set up .venv, then run the warehouse-scale benchmark (benchmarks/run.py; options pass through,
# e.g. --sizes 45000 --shapes hive --repeat 3 --ungrouped, or --no-checkov). Generated inventories are
# cached in benchmarks/.data/;
# checkov (for the comparison) is installed into benchmarks/.venv-checkov, never into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python benchmarks/run.py "$@"
