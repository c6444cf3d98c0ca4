"""How long `compliance discover postgres` takes on a warehouse of 45,000 tables.

    python benchmarks/discover.py [--tables 45000] [--dsn DSN] [--output FILE] [--check]

Starts a throwaway PostgreSQL server (tests/postgres_server.py: initdb + pg_ctl on a temporary
directory and a free loopback port) unless --dsn names one, creates the tables in schemas of 1,000
(generate_series in DO blocks, one transaction a schema), half of the schemas granted to PUBLIC
and the other half to a role three levels above its logins, then times the discovery as a
subprocess (`compliance discover postgres DSN --mapping ... -o FILE`), as a user runs it, and
prints wall time, CPU time and peak memory. --check also times `compliance check` of the snapshot,
--direct `compliance check` given the database itself.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests import postgres_server  # noqa: E402

PER_SCHEMA = 1_000
ROLES = """
create role bench_reader nologin; create role bench_team nologin; create role bench_leads nologin;
grant bench_reader to bench_team; grant bench_team to bench_leads;
create role bench_analyst login; grant bench_leads to bench_analyst;
create role bench_auditor login; grant pg_read_all_data to bench_auditor;
"""
SCHEMA = """
create schema {schema};
grant usage on schema {schema} to {grantee};
do $$ begin
  for i in 1..{count} loop
    execute format('create table {schema}.t%s (employee text, at timestamptz, payload text)', i);
  end loop;
end $$;
grant select on all tables in schema {schema} to {grantee};
comment on schema {schema} is 'benchmark';
"""
MAPPING = """apiVersion: privacy.compliance/v1
kind: DatasetMapping
metadata: {id: bench}
datasets:
  - {match: "mci_*.*", program: mci, data_categories: [keystrokes], personal_data: true, sensitivity: 4}
"""


def create_tables(dsn: str, tables: int) -> float:
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(ROLES)
        for index in range((tables + PER_SCHEMA - 1) // PER_SCHEMA):
            count = min(PER_SCHEMA, tables - index * PER_SCHEMA)
            grantee = "public" if index % 2 == 0 else "bench_reader"
            with connection.transaction():
                connection.execute(SCHEMA.format(schema=f"mci_{index:03d}", count=count, grantee=grantee))
        connection.execute("analyze")
    return time.perf_counter() - started


def timed(command: list[str]) -> tuple[float, float, int, subprocess.CompletedProcess[str]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024, done


def measure(dsn: str, tables: int, output: Path, check: bool, direct: bool) -> int:
    print(f"creating {tables:,} tables ...", flush=True)
    print(f"created in {create_tables(dsn, tables):.1f} s", flush=True)
    mapping = output.parent / "bench-mapping.yaml"
    mapping.write_text(MAPPING)
    compliance = str(Path(sys.executable).parent / "compliance")
    wall, cpu, peak, done = timed([compliance, "discover", "postgres", dsn, "--mapping", str(mapping), "-o",
                                   str(output), "--quiet"])
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 1
    print(f"discover: {tables:,} tables in {wall:.2f} s wall, {cpu:.2f} s CPU, peak {peak} MB; "
          f"{output.stat().st_size / 2**20:.1f} MB {output.suffix} snapshot")
    if direct:
        program = REPO / "samples" / "mci" / "program.yaml"
        wall, cpu, peak, done = timed([compliance, "check", str(program), str(mapping), dsn, "--format", "json", "-o",
                                       str(output.parent / "findings-direct.json"), "--quiet", "--fail-on", "never"])
        print(f"check of the database directly (discover in memory, then judge): {wall:.2f} s wall, {cpu:.2f} s CPU, "
              f"peak {peak} MB (exit {done.returncode})")
    if check:
        program = REPO / "samples" / "mci" / "program.yaml"
        wall, cpu, peak, done = timed([compliance, "check", str(program), str(output), "--format", "json", "-o",
                                       str(output.parent / "findings.json"), "--quiet", "--fail-on", "never"])
        print(f"check of the snapshot: {wall:.2f} s wall, {cpu:.2f} s CPU, peak {peak} MB (exit {done.returncode})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=45_000)
    parser.add_argument("--dsn", help="an existing server's DSN (a superuser: it creates roles and schemas)")
    parser.add_argument("--output", type=Path, help="the snapshot to write (default: a temporary .json)")
    parser.add_argument("--check", action="store_true", help="also time `compliance check` of the snapshot")
    parser.add_argument("--direct", action="store_true",
                        help="also time `compliance check PROGRAM MAPPING DSN` (discovery in memory, no snapshot file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compliance-bench-") as directory:
        output = args.output or Path(directory) / "warehouse.json"
        if args.dsn:
            return measure(args.dsn, args.tables, output, args.check, args.direct)
        with postgres_server.running_server() as server:
            import psycopg

            with psycopg.connect(server.dsn(dbname="postgres"), autocommit=True) as connection:
                connection.execute("create database warehouse")
            return measure(server.dsn(), args.tables, output, args.check, args.direct)


if __name__ == "__main__":
    sys.exit(main())
