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
  # Debian's pdftotext (the report tests read the PDF's text) and HarfBuzz's subsetter (which
  # WeasyPrint uses for byte-stable font subsets); installed where apt can, else those tests skip.
  if ! command -v pdftotext >/dev/null || ! ldconfig -p | grep -q libharfbuzz-subset; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      (apt-get install -y -qq --no-install-recommends poppler-utils libharfbuzz-subset0 >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends poppler-utils libharfbuzz-subset0 >/dev/null; }) ||
        echo "setup: could not install poppler-utils and libharfbuzz-subset0; the tests that need them skip" >&2
    fi
  fi
  # A real PostgreSQL server for the `compliance discover postgres` tests (tests/postgres_server.py
  # runs initdb and pg_ctl on a temporary directory); installed where apt can, else those tests skip.
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      (apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }) ||
        echo "setup: could not install postgresql; the PostgreSQL discovery tests skip" >&2
    fi
  fi
  .venv/bin/python -m pip install --quiet -e '.[test,aws]'
  # Real OPA's evaluator, for the conformance tests only. Its metadata asks for Python >= 3.14,
  # but it works on 3.11 (docs/ARCHITECTURE.md, engines); never a runtime dependency.
  .venv/bin/python -m pip install --quiet --ignore-requires-python 'opa-golib-python-bindings==0.4.4'
else
  .venv/bin/python -m pip install --quiet -e .
fi
# Byte-compile the package as a regular (non-editable) pip install does: an editable install leaves
# that to the first run, which never writes it where PYTHONDONTWRITEBYTECODE is set, so every
# command would compile all its modules again (about 0.07 s of each `compliance check`). A module
# edited later is compiled afresh when it is imported (its .pyc is stale), so nothing goes out of date.
.venv/bin/python -m compileall -q compliance >/dev/null
