#!/usr/bin/env bash
# Create .venv and install the project into it (with the test tools when given "test").
# Idempotent: a second run only checks that everything is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
  # Real OPA's evaluator, for the conformance tests only. Its metadata asks for Python >= 3.14,
  # but it works on 3.11 (../shared/ENGINES.md); never a runtime dependency.
  .venv/bin/python -m pip install --quiet --ignore-requires-python 'opa-golib-python-bindings==0.4.4'
else
  .venv/bin/python -m pip install --quiet -e .
fi
