"""A real PostgreSQL server for the tests: initdb + pg_ctl on a temporary directory and a free
loopback port, run as the `postgres` user when the tests run as root (PostgreSQL refuses to run as
root). `scripts/setup.sh test` installs Debian's postgresql where it is missing."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPERUSER_PASSWORD = "pg-Sup3r-s3cret-4f9a"  # a throwaway password of a throwaway server


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    password: str
    directory: Path

    def dsn(self, user: str = "postgres", password: str | None = None, dbname: str = "warehouse") -> str:
        secret = self.password if password is None else password
        return f"postgresql://{user}:{secret}@{self.host}:{self.port}/{dbname}"


def binaries() -> Path | None:
    """The directory of initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else PATH."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                        if p.parent.name.isdigit() else 0, reverse=True)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(initdb).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    bindir = binaries()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl)")
    root = Path(tempfile.mkdtemp(prefix="compliance-pg-"))
    data = root / "data"
    password_file = root / "pw"
    password_file.write_text(SUPERUSER_PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(password_file, "postgres", "postgres")
    root.chmod(0o700)
    port = _free_port()
    try:
        _run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                        f"--pwfile={password_file}", "--auth-local=trust",
                                        "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"]))
        options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} -c fsync=off"
        _run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                        str(root / "log"), "-w", "-t", "60", "start"]))
        try:
            yield Server("127.0.0.1", port, SUPERUSER_PASSWORD, root)
        finally:
            subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                                            "stop"]), check=False, capture_output=True, timeout=120)
    except subprocess.CalledProcessError as error:
        raise RuntimeError(f"PostgreSQL did not start: {error.stderr or error.stdout}") from None
    finally:
        shutil.rmtree(root, ignore_errors=True)


# The incident, small: a schema of monitoring tables granted SELECT to PUBLIC, a role chain three
# levels deep (carol -> team_leads -> research -> mci_readers), a member of pg_read_all_data (dave), a
# NOINHERIT role (erin, member of mci_readers), a table restricted to two analysts (alice, bob); and
# frank, who reads one column of public.scratch and mci_curated.sessions through a view.
SEED = """
create role discovery login password 'discovery-pw-7c1e';
create role mci_owner nologin;
create role alice login; create role bob login; create role carol login; create role dave login;
create role erin login noinherit; create role frank login;
create role mci_readers nologin; create role research nologin; create role team_leads nologin;
grant mci_readers to research;
grant research to team_leads;
grant team_leads to carol;
grant mci_readers to erin;
grant pg_read_all_data to dave;

create schema mci_raw authorization mci_owner;
grant usage on schema mci_raw to public;
create table mci_raw.keystrokes (employee text, key_code int, at timestamptz);
create table mci_raw.screenshots (employee text, image bytea, at timestamptz);
create table mci_raw.prompts (employee text, prompt text);
alter table mci_raw.keystrokes owner to mci_owner;
alter table mci_raw.screenshots owner to mci_owner;
alter table mci_raw.prompts owner to mci_owner;
grant select on all tables in schema mci_raw to public;
insert into mci_raw.keystrokes select 'e' || g, g % 100, now() from generate_series(1, 500) g;

create schema mci_curated authorization mci_owner;
grant usage on schema mci_curated to mci_readers;
create table mci_curated.sessions (employee text, minutes int);
alter table mci_curated.sessions owner to mci_owner;
grant select on mci_curated.sessions to mci_readers;
create table mci_curated.features (employee text, vector float8[]);
alter table mci_curated.features owner to mci_owner;
grant select on mci_curated.features to public;
alter table mci_curated.features enable row level security;

create schema hr;
grant usage on schema hr to alice, bob;
create table hr.performance_reviews (employee text, rating int);
revoke all on hr.performance_reviews from public;
grant select on hr.performance_reviews to alice, bob;
comment on table hr.performance_reviews is 'Reviews. compliance: program=mci categories=performance sensitivity=4';

create table public.scratch (x int, y int);
grant select (x) on public.scratch to frank;

create schema reporting;
grant usage on schema reporting to frank;
create view reporting.session_minutes as select employee, minutes from mci_curated.sessions;
grant select on reporting.session_minutes to frank;
analyze;
"""
