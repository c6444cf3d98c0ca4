"""Nothing leaked, nothing fetched: the OPA token stays secret, inputs cannot make the tool fetch."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.cli import main
from tests.conftest import AS_OF, MCI, run_cli
from tests.opa_test_server import OpaTestServer

TOKEN = "tok-9f8e7d6c5b4a-never-shown"
OTHER = "tok-0000-wrong-never-shown"

Write = Callable[[str, str], Path]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Exit code and everything printed (stdout + stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out + captured.err


def debug_text(*argv: str) -> str:
    """Everything a --debug run that fails would print: its exception and traceback, causes included."""
    with pytest.raises(Exception) as raised:  # any error: --debug lets it through as a traceback
        main([*argv, "--debug"])
    return "".join(traceback.format_exception(raised.value))


# -- the OPA token ---------------------------------------------------------------------------------


def test_token_file_is_sent_and_never_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("opa_bindings", reason="the OPA test server evaluates with opa-golib-python-bindings")
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    with OpaTestServer(token=TOKEN) as server:
        code, printed = run(capsys, "check", str(MCI), "--engine", "opa", "--opa-url", server.url,
                            "--opa-token-file", str(token_file), "--format", "json", "--as-of", AS_OF)
        assert code == 1  # the sample has findings: the server evaluated with the token
        assert {seen.authorization for seen in server.seen} == {f"Bearer {TOKEN}"}
    assert TOKEN not in printed


@pytest.mark.parametrize("debug", [False, True])
def test_a_refused_token_is_not_shown_even_with_debug(debug: bool, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COMPLIANCE_OPA_TOKEN", OTHER)
    with OpaTestServer(token=TOKEN) as server:
        argv = ("check", str(MCI), "--engine", "opa", "--opa-url", server.url)
        if debug:
            text = debug_text(*argv) + capsys.readouterr().err
        else:
            code, text = run(capsys, *argv)
            assert code == 3 and len(text.strip().splitlines()) == 1
        assert "HTTP 401" in text
    assert OTHER not in text and TOKEN not in text


def test_an_unreachable_server_with_debug_does_not_show_the_token(monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COMPLIANCE_OPA_TOKEN", TOKEN)
    text = debug_text("check", str(MCI), "--engine", "opa", "--opa-url", "http://127.0.0.1:9")
    assert "127.0.0.1:9" in text + capsys.readouterr().err
    assert TOKEN not in text


@pytest.mark.parametrize(("content", "expected"), [
    (None, "cannot read the OPA token file (No such file or directory)"),
    ("", "the OPA token file must hold one token on one line"),
    (f"{TOKEN}\n{TOKEN}\n", "the OPA token file must hold one token on one line"),
])
def test_a_bad_token_file_is_exit_2_without_its_content(content: str | None, expected: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    token_file = tmp_path / "token"
    if content is not None:
        token_file.write_text(content, encoding="utf-8")
    code, printed = run(capsys, "check", str(MCI), "--engine", "opa", "--opa-url", "http://127.0.0.1:9",
                        "--opa-token-file", str(token_file))
    assert code == 2
    assert printed.strip() == f"error: {token_file}: {expected}"


def test_insecure_tls_is_announced(capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = run(capsys, "check", str(MCI), "--engine", "opa", "--opa-url", "https://127.0.0.1:9",
                        "--opa-insecure")
    assert code == 3
    assert printed.splitlines()[0] == "warning: TLS verification of the OPA server is off (--opa-insecure)"


# -- nothing fetched -------------------------------------------------------------------------------


REFERENCES = """\
apiVersion: privacy.compliance/v1
kind: Program
$schema: http://127.0.0.1:{port}/schema.json
metadata:
  id: refs
  $ref: http://127.0.0.1:{port}/metadata.json
  name: !!binary aGVsbG8=
"""

JSON_REFERENCES = """\
{{"$schema": "http://127.0.0.1:{port}/s.json", "$id": "http://127.0.0.1:{port}/id",
  "apiVersion": "privacy.compliance/v1", "kind": "StorageInventory",
  "metadata": {{"id": "inv", "$ref": "http://127.0.0.1:{port}/r.json"}},
  "datasets": [{{"id": "d", "$ref": "file:///etc/passwd", "personal_data": false}}]}}
"""


@pytest.mark.parametrize("command", ["validate", "check"])
@pytest.mark.parametrize(("name", "text"), [("p.yaml", REFERENCES), ("i.json", JSON_REFERENCES)])
def test_schema_refs_and_urls_in_inputs_are_not_followed(command: str, name: str, text: str, unfetched_port: int,
                                                         write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(name, text.format(port=unfetched_port))
    code, printed = run(capsys, command, str(path))
    assert code == 2
    assert "unknown field" in printed or "binary" in printed
    assert "root:" not in printed  # /etc/passwd was not read either


def test_a_config_pointing_at_a_url_fetches_nothing(unfetched_port: int, write: Write,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    config = write("compliance.yaml", f"apiVersion: privacy.compliance/v1\nkind: Config\nmetadata: {{id: o}}\n"
                                      f"policy_dirs: [http://127.0.0.1:{unfetched_port}/policies]\n")
    code, printed = run(capsys, "check", str(MCI), "--config", str(config), "--as-of", AS_OF)
    assert code == 2
    assert printed.splitlines()[0] == (
        f'{config}:4:15: policy_dirs[0]: "http://127.0.0.1:{unfetched_port}/policies" is not a directory '
        "(relative paths are read from the config file's directory)")


# -- nothing lost ----------------------------------------------------------------------------------


def test_a_failed_run_keeps_the_old_output_and_leaves_no_temporary(tmp_path: Path, write: Write,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "findings.json"
    target.write_text("earlier findings\n", encoding="utf-8")
    bad = write("in/p.yaml", "apiVersion: privacy.compliance/v1\nkind: Program\nmetadata: {id: x}\nprogram: [1\n")
    code, _ = run(capsys, "check", str(bad), "--format", "json", "-o", str(target))
    assert code == 2
    assert target.read_text(encoding="utf-8") == "earlier findings\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.json", "in"]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from compliance import output

    target = tmp_path / "findings.json"
    target.write_text("earlier findings\n", encoding="utf-8")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        output.write_atomic(str(target), b"new findings\n")
    monkeypatch.setattr(output.os, "replace", os.replace)
    assert target.read_text(encoding="utf-8") == "earlier findings\n"
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]


def test_report_files_are_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    code, _ = run(capsys, "report", str(MCI), "-o", str(pdf), "--html", str(html), "--as-of", AS_OF, "-q")
    assert code == 0
    assert pdf.stat().st_mode & 0o777 == 0o600 and html.stat().st_mode & 0o777 == 0o600


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o /dev/null, /dev/stdout or a FIFO: written into. Renaming over one replaced it with a plain file."""
    import stat
    import threading

    fifo = tmp_path / "findings.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _ = run(capsys, "check", str(MCI), "--format", "json", "-o", str(fifo), "--as-of", AS_OF)
    reader.join(timeout=30)
    assert code == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"{")
    assert [p.name for p in tmp_path.iterdir()] == ["findings.pipe"]  # no temporary left beside it


def test_a_symlinked_output_keeps_its_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "store" / "findings.json"
    real.parent.mkdir()
    real.write_text("earlier\n", encoding="utf-8")
    link = tmp_path / "findings.json"
    link.symlink_to(real)
    code, _ = run(capsys, "check", str(MCI), "--format", "json", "-o", str(link), "--as-of", AS_OF)
    assert code == 1
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("command", ["check", "report"])
def test_two_outputs_to_one_file_are_refused(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The second output would silently replace the first: exit 2 before anything runs or is written."""
    first, second = tmp_path / "out", tmp_path / "." / "out"
    extra = (["--format", "json", "-o", str(first), "--format", "sarif", "-o", str(second)] if command == "check"
             else ["-o", str(first), "--html", str(second)])
    code, printed = run(capsys, command, str(MCI), *extra, "--as-of", AS_OF)
    assert code == 2
    assert printed.splitlines()[-1] == (f"error: {second}: given as the output of two formats ({first} too); "
                                        "give each its own file")
    assert not first.exists()


def test_a_directory_as_output_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = run(capsys, "check", str(MCI), "--format", "json", "-o", str(tmp_path), "--as-of", AS_OF)
    assert code == 2
    assert printed.splitlines()[-1] == f"Error: Invalid value for '--output' / '-o': File '{tmp_path}' is a directory."


# -- control characters ----------------------------------------------------------------------------


CONTROL_KEY = """\
apiVersion: privacy.compliance/v1
kind: Program
metadata: {id: ctl}
program:
  "a\\x1eb\\u2028c": 1
"""

CONTROL_NAME = """\
apiVersion: privacy.compliance/v1
kind: StorageInventory
metadata: {id: inv}
datasets:
  - id: raw.keys
    program: mci
    data_categories: [keystrokes]
    personal_data: true
    sensitivity: 4
    location: {country: US}
    encryption: {at_rest: false}
    access: {readers: ["group:all-employees\\e[2J\\e[1A"]}  # clear the screen, move up
"""


def test_control_characters_in_a_key_are_shown_escaped_on_one_line(write: Write,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write("p.yaml", CONTROL_KEY)
    code, printed = run(capsys, "validate", str(path))
    assert code == 2
    assert printed.splitlines() == [
        f"{path}:5:3: program.a\\x1eb\\u2028c: unknown field 'a\\x1eb\\u2028c'; expected one of: capture, changes, "
        "covert, description, less_intrusive_alternatives, mandatory_participation, novel_technology, start_date, "
        "status, technologies",
        "1 problem in the input; nothing was evaluated",
    ]


@pytest.mark.parametrize("output_format", ["text", "github", "markdown", "junit", "sarif", "json"])
def test_control_characters_in_a_finding_do_not_reach_the_output(output_format: str, write: Write,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A terminal escape in an input stays out of every format: escaped as text, or by the format itself."""
    write("in/program.yaml", (MCI / "program.yaml").read_text(encoding="utf-8"))
    path = write("in/extra.yaml", CONTROL_NAME)
    code, printed = run(capsys, "check", str(path.parent), "--as-of", AS_OF, "--format", output_format)
    assert code == 1
    assert "\x1b" not in printed
    if output_format in ("text", "github"):
        assert "group:all-employees\\x1b[2J\\x1b[1A" in printed
    elif output_format == "markdown":
        assert "group:all-employees\\x1b\\[2J\\x1b\\[1A" in printed
    elif output_format == "junit":
        import xml.etree.ElementTree as ElementTree

        ElementTree.fromstring(printed)  # well-formed XML: a raw ESC would not be
        assert "group:all-employees\ufffd[2J\ufffd[1A" in printed  # what XML 1.0 cannot hold is replaced
    else:
        assert "group:all-employees\\u001b[2J\\u001b[1A" in printed


@pytest.mark.parametrize("name", ["deep.json", "deep.tfplan.json"])
def test_json_nested_too_deep_is_bad_input_not_an_internal_error(name: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Python's json recurses once per level: a file of 50,000 nested lists ended in RecursionError (exit 3)."""
    path = tmp_path / name
    head = ('{\n "format_version": "1.2",\n "planned_values": ' if name.endswith(".tfplan.json") else
            '{\n "apiVersion": "privacy.compliance/v1",\n "kind": "StorageInventory",\n "datasets": ')
    path.write_text(head + "[" * 50_000 + "]" * 50_000 + "\n}\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "check", str(path))
    column = len(head.splitlines()[-1]) + 50_000
    assert code == 2
    assert f"{path}:{len(head.splitlines())}:{column}: lists and objects nested 50,001 levels deep: more than this " \
           "tool reads (about 1,000 at most)" in err
    assert "internal error" not in err and "Traceback" not in err
