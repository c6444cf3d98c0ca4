"""Judging each distinct configuration once changes nothing: the same findings, byte for byte.

Every dataset rule is run with grouping (the default) and without it (COMPLIANCE_GROUPING=0: every
dataset evaluated, as before) on the samples, on copies of them under ids chosen to confuse a
substitution (ids that are other ids, substrings of values, numbers in messages, placeholder-like
text), on the benchmark's warehouses and on property-generated inventories (shared and unique
configurations, per-table exceptions, nulls, YAML and CSV); the JSON, text and SARIF outputs must be
equal. A rule that reads a dataset's id other than to name it must say so (`custom.reads_id`): a
static check of the shipped rules' Rego holds them to it.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.generate import generate
from benchmarks.generate_hive import generate_hive
from compliance import catalog, evaluation
from compliance.engine import EngineName, EngineOptions, Scope
from compliance.evaluation import GROUPING_ENV, UNREAD_FIELDS, UNREAD_NESTED, Grouping
from compliance.findings import Severity
from compliance.formats import OutputFormat, formatter
from compliance.loaders.inputs import load_inputs
from compliance.loaders.inventory_table import COLUMNS, LIST_COLUMNS
from compliance.resources import REGO_DIR
from compliance.runner import RunOptions, execute
from tests.conftest import AS_OF, MCI, SAMPLES, shipped_rules
from tests.test_properties import SETTINGS

AS_OF_DATE = datetime.date.fromisoformat(AS_OF)
FORMATS = (OutputFormat.JSON, OutputFormat.TEXT, OutputFormat.SARIF)


def outputs(paths: tuple[str, ...], grouping: bool, engine: EngineOptions | None = None,
            policy_dirs: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every format's text of one check, with grouping on or off."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(GROUPING_ENV, "1" if grouping else "0")
        result = execute(RunOptions(paths=paths, as_of=AS_OF_DATE, quiet=True, policy_dirs=policy_dirs,
                                    engine=engine or EngineOptions(workers=1))).result
    return {name.value: formatter(name)(result, Severity.HIGH, color=False) for name in FORMATS}


def configurations(paths: tuple[str, ...]) -> tuple[int, int]:
    """(datasets, distinct configurations) of the inventories among paths."""
    inventories = load_inputs(paths).of_kind("StorageInventory")
    grouping = Grouping(inventories, "")
    assert not grouping.ungrouped
    return sum(len(document.value.get("datasets", [])) for document in inventories), grouping.configurations


def assert_same(paths: tuple[str, ...], **options: Any) -> str:
    """The outputs with and without grouping are equal; the JSON output."""
    grouped, each = outputs(paths, True, **options), outputs(paths, False, **options)
    for name in grouped:
        assert grouped[name] == each[name], f"{name} output differs with grouping"
    return grouped["json"]


# -- samples and copies of them under confusing ids ----------------------------------------------------


@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.iterdir() if path.is_dir()))
def test_every_sample(sample: str) -> None:
    assert_same((str(SAMPLES / sample),))


# Ids a naive substitution would trip on: other datasets' ids and prefixes of them, values that occur
# in messages (program and category ids, numbers, countries, severities), a resource prefix, and text
# shaped like the placeholders themselves.
CONFUSING_IDS = ("mci", "keystrokes", "90", "4", "3", "US", "DE", "high", "dataset", "dataset:mci_raw.keystrokes",
                 "mci_raw", "mci_raw.keystrokes.copy", "s", "e", "i0", "g1e", "cfg0i0g0e", "cfg", "a.b-c_d:e/f",
                 "sensitivity", "true", "null", "group:all-employees", "0")


def _copies(datasets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each dataset, then copies of it under the confusing ids (so every configuration is shared)."""
    copied = list(datasets)
    for number, confusing in enumerate(CONFUSING_IDS):
        source = datasets[number % len(datasets)]
        copied.append({**source, "id": confusing})
        copied.append({**source, "id": f"{source['id']}.{confusing}"})
    return copied


@pytest.fixture(scope="module")
def mci_copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("mci-copies")
    storage = yaml.safe_load((MCI / "storage.yaml").read_text(encoding="utf-8"))
    storage["datasets"] = _copies(storage["datasets"])
    (directory / "storage.yaml").write_text(json.dumps(storage, indent=1), encoding="utf-8")
    (directory / "program.yaml").write_text((MCI / "program.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return directory


def test_copies_of_the_mci_sample_under_confusing_ids(mci_copies: Path) -> None:
    datasets, distinct = configurations((str(mci_copies),))
    assert (datasets, distinct) == (12 + 2 * len(CONFUSING_IDS), 12)
    findings = json.loads(assert_same((str(mci_copies),)))["findings"]
    storage = json.loads((mci_copies / "storage.yaml").read_text(encoding="utf-8"))["datasets"]

    def told(dataset_id: str) -> list[str]:
        return sorted(f["message"].replace(f"dataset {dataset_id} ", "dataset <id> ", 1)
                      for f in findings if f["resource"] == f"dataset:{dataset_id}")

    for number, confusing in enumerate(CONFUSING_IDS):  # every copy is told what its source is
        source = storage[number % 12]["id"]
        assert told(confusing) == told(f"{source}.{confusing}") == told(source)
    assert told("dataset:mci_raw.keystrokes") and told("cfg0i0g0e")


def test_copies_of_a_csv_inventory(tmp_path: Path) -> None:
    source = SAMPLES / "contact_centre"
    rows = list(csv.DictReader(io.StringIO((source / "storage.inventory.csv").read_text(encoding="utf-8"))))
    _write_csv(tmp_path / "storage.inventory.csv", _copies(rows))
    for other in source.iterdir():
        if other.suffix in (".yaml", ".yml"):
            (tmp_path / other.name).write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    datasets, distinct = configurations((str(tmp_path),))
    assert distinct == len(rows) < datasets
    assert_same((str(tmp_path),))


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)


# -- the benchmark's warehouses --------------------------------------------------------------------


def test_the_benchmark_warehouse(tmp_path: Path) -> None:
    generate(tmp_path, 1_500, file_format="parquet", rate=0.04, seed=11)
    assert_same((str(tmp_path),))


def test_the_hive_like_warehouse(tmp_path: Path) -> None:
    generate_hive(tmp_path, 3_000, file_format="csv", seed=5)
    datasets, distinct = configurations((str(tmp_path),))
    assert distinct < datasets / 5
    assert_same((str(tmp_path),))


def test_the_hive_like_warehouse_on_an_opa_server(tmp_path: Path) -> None:
    """Grouped on an OPA server (one request for the representatives) as every dataset in-process.

    (The embedded and OPA engines give the same findings: tests/test_engines.py; one OPA run costs
    about 30 s here, so the ungrouped run is the embedded engine's.)
    """
    pytest.importorskip("opa_bindings", reason="the OPA test server evaluates with opa-golib-python-bindings")
    from tests.opa_test_server import OpaTestServer

    generate_hive(tmp_path, 300, file_format="parquet", seed=2)
    with OpaTestServer() as server:
        opa = EngineOptions(name=EngineName.OPA, opa_urls=(server.url,), timeout=120)
        on_opa = outputs((str(tmp_path),), True, engine=opa)
    embedded = outputs((str(tmp_path),), False)
    assert json.loads(on_opa["json"])["findings"] == json.loads(embedded["json"])["findings"]
    assert json.loads(on_opa["json"])["findings"]


def test_table_groups_equal_a_plain_grouping_of_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Arrow grouping of a tabular inventory (dictionary codes combined per row) gives the groups of a
    plain Python grouping of the rows' key cells, numbered by first row, also when the combined codes
    are re-encoded after every column (as when they would overflow int64 on a very varied table)."""
    generate_hive(tmp_path, 600, file_format="csv", seed=3)
    table = load_inputs((str(tmp_path),)).of_kind("StorageInventory")[0].table  # type: ignore[attr-defined]
    keys = [name for name in COLUMNS if name != "id" and name not in UNREAD_FIELDS]
    cells = list(zip(*(table.columns[name].to_pylist() for name in keys), strict=True))
    plain: dict[tuple[Any, ...], list[int]] = {}
    for row, key in enumerate(cells):
        plain.setdefault(key, []).append(row)
    expected = list(plain.values())
    assert 1 < len(expected) < len(cells)
    for limit in (evaluation._MAX_CODE, 10):
        monkeypatch.setattr(evaluation, "_MAX_CODE", limit)
        offsets, members = evaluation._table_groups(table)
        assert [list(members[offsets[group]:offsets[group + 1]]) for group in range(len(offsets) - 1)] == expected


# -- property-generated inventories ----------------------------------------------------------------


PROGRAM_IDS = ("mci", "calder-email-web", "")  # a GDPR program, a US-only one, none
CATEGORIES = ("keystrokes", "mouse_movements", "clicks", "screenshots", "performance", "identifiers", "undeclared")
PRINCIPALS = ("group:all-employees", "group:mci-research-core", "svc:mci-ingest", "user:ana", "*", "authenticated",
              "group:x.y")
ids = st.one_of(st.sampled_from(CONFUSING_IDS), st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,10}", fullmatch=True))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


configuration = st.fixed_dictionaries({"personal_data": st.booleans()}, optional={
    "program": _maybe(st.sampled_from(PROGRAM_IDS)),
    "data_categories": st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3),
    "sensitivity": _maybe(st.integers(1, 4)),
    "country": _maybe(st.sampled_from(("DE", "US", "CH", "BR", "IN"))),
    "region": _maybe(st.sampled_from(("eu-west-1", "us-east-1"))),
    "encryption_at_rest": _maybe(st.booleans()),
    "key_ref": _maybe(st.sampled_from(("kms://a", " ", "kms://b"))),
    "encryption_in_transit": _maybe(st.booleans()),
    "readers": st.lists(st.sampled_from(PRINCIPALS), min_size=1, max_size=3),
    "writers": st.lists(st.sampled_from(PRINCIPALS), min_size=1, max_size=2),
    "ttl_days": _maybe(st.integers(0, 1_000)),
    "audit_logging": _maybe(st.booleans()),
    "rows": _maybe(st.integers(0, 10**9)),
})


@st.composite
def inventories(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Flat rows (COLUMNS): a few shared configurations, members of each, some with one field changed."""
    shared = draw(st.lists(configuration, min_size=1, max_size=4))
    names = draw(st.lists(ids, min_size=1, max_size=24, unique=True))
    rows = []
    for name in names:
        row = dict(shared[draw(st.integers(0, len(shared) - 1))])
        if draw(st.integers(0, 4)) == 0:  # a per-table exception
            row.update(draw(configuration))
        rows.append({"id": name, **row})
    return rows


def _nested(row: dict[str, Any]) -> dict[str, Any]:
    """A flat row as the dataset entry of a YAML inventory (nulls kept: they mean "not declared")."""
    groups = {"location": ("country", "region"),
              "encryption": ("encryption_at_rest", "key_ref", "encryption_in_transit"),
              "access": ("readers", "writers"), "retention": ("ttl_days",)}
    keys = {"encryption_at_rest": "at_rest", "encryption_in_transit": "in_transit"}
    dataset = {key: value for key, value in row.items() if not any(key in members for members in groups.values())}
    for group, members in groups.items():
        present = {keys.get(member, member): row[member] for member in members if member in row}
        if present:
            dataset[group] = present
    if row.get("readers"):  # what `compliance discover` adds: paths that name the table, provenance, the type
        dataset["access"]["reader_paths"] = {reader: f"{reader} -> GRANT SELECT ON {row['id']} TO {reader}"
                                             for reader in row["readers"]}
        dataset["provenance"] = {"access.readers": "observed"}
        dataset["table_type"] = "table"
    return dataset


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    def cell(name: str, value: Any) -> str:
        if value is None:
            return ""
        if name in LIST_COLUMNS:
            return ";".join(value)
        return str(value).lower() if isinstance(value, bool) else str(value)

    return {name: cell(name, row.get(name)) for name in COLUMNS}


@SETTINGS
@given(rows=inventories())
def test_generated_inventories(rows: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> None:
    directory = tmp_path_factory.mktemp("generated")
    (directory / "program.yaml").write_text((MCI / "program.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    us_program = (SAMPLES / "us_employer" / "program.yaml").read_text(encoding="utf-8")
    (directory / "us_program.yaml").write_text(us_program, encoding="utf-8")
    storage = {"apiVersion": "privacy.compliance/v1", "kind": "StorageInventory", "metadata": {"id": "generated"},
               "datasets": [_nested(row) for row in rows]}
    (directory / "storage.yaml").write_text(json.dumps(storage, indent=1), encoding="utf-8")
    _write_csv(directory / "tables.inventory.csv", [_flat({**row, "id": f"csv.{row['id']}"}) for row in rows])
    assert_same((str(directory),))


# -- rules that read the id -----------------------------------------------------------------------------


SCRATCH_RULE = """\
# METADATA
# title: Scratch tables hold personal data
# custom:
#   id: TEST-GROUP-001
#   severity: low
#   legal: ["none"]
#   recommended_action: none
#   inputs: [StorageInventory]
{declaration}package compliance.rules.acme.scratch_tables

deny contains {{"resource": sprintf("dataset:%s", [dataset.id]), "field": "id", "msg": msg, "evidence": {{}}}} if {{
	some dataset in input.datasets
	startswith(dataset.id, "tmp_")
	msg := sprintf("dataset %s is a scratch table", [dataset.id])
}}
"""


def _scratch_policy(directory: Path, declaration: str) -> Path:
    rules = directory / "rules" / "acme"
    rules.mkdir(parents=True)
    (rules / "scratch_tables.rego").write_text(SCRATCH_RULE.format(declaration=declaration), encoding="utf-8")
    return directory


def test_a_rule_that_reads_the_id_declares_it_and_runs_on_every_dataset(mci_copies: Path, tmp_path: Path) -> None:
    storage = json.loads((mci_copies / "storage.yaml").read_text(encoding="utf-8"))
    storage["datasets"] += [{**storage["datasets"][0], "id": "tmp_keystrokes"}]
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    (warehouse / "storage.yaml").write_text(json.dumps(storage), encoding="utf-8")
    (warehouse / "program.yaml").write_text((MCI / "program.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    declared = _scratch_policy(tmp_path / "declared", "#   reads_id: true\n")
    rules = catalog.rules(catalog.build_bundle(catalog.policy_files((declared,)), {}))
    assert catalog.scopes(rules)["compliance.rules.acme.scratch_tables"] is Scope.EACH_DATASET
    findings = json.loads(assert_same((str(warehouse),), policy_dirs=(declared,)))["findings"]
    assert [f["resource"] for f in findings if f["rule"] == "TEST-GROUP-001"] == ["dataset:tmp_keystrokes"]
    # Undeclared, it is judged on representatives, whose placeholder ids never start with tmp_: wrong,
    # which is why the declaration is required (and checked for the shipped rules below).
    undeclared = _scratch_policy(tmp_path / "undeclared", "")
    grouped = json.loads(outputs((str(warehouse),), True, policy_dirs=(undeclared,))["json"])["findings"]
    assert not [f for f in grouped if f["rule"] == "TEST-GROUP-001"]
    assert _id_reads(SCRATCH_RULE.format(declaration=""))


def test_metadata_refuses_a_reads_id_that_is_not_a_boolean(tmp_path: Path) -> None:
    policy = _scratch_policy(tmp_path, "#   reads_id: sometimes\n")
    with pytest.raises(catalog.PolicyError, match=r'custom\.reads_id: "sometimes" is not true or false'):
        catalog.rules(catalog.build_bundle(catalog.policy_files((policy,)), {}))


# -- the static check: what a dataset rule reads of a dataset ----------------------------------------


def _without_comments(source: str) -> str:
    lines = []
    for line in source.splitlines():
        quoted, kept = False, []
        for character in line:
            if character == '"':
                quoted = not quoted
            if character == "#" and not quoted:
                break
            kept.append(character)
        lines.append("".join(kept))
    return "\n".join(lines)


def _blank_strings(text: str) -> str:
    """text with the inside of every string literal blanked (same length: positions stay)."""
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', lambda match: '"' + " " * (len(match.group(0)) - 2) + '"', text)


def _enclosing_call(text: str, position: int) -> tuple[str, int]:
    """(name, start) of the innermost call whose parentheses hold position ("" when none)."""
    depth = 0
    for index in range(position - 1, -1, -1):
        character = text[index]
        if character in ")]}":
            depth += 1
        elif character in "([{":
            if depth:
                depth -= 1
            elif character == "(":
                name = re.search(r"[\w.]*$", text[:index])
                return (name.group(0) if name else ""), index
    return "", -1


UNREAD = ("id", *UNREAD_FIELDS)
_FIELD_PATH = r"""\s*(?:"(\w+)"|\[\s*"(\w+)")"""  # the first key of a literal path: "key" or ["key", ...]
_HEAD = re.compile(r"^(\w+)\(([^()]*)\)\s*(?::=|=|if\b|\{)", re.MULTILINE)


def _functions(text: str) -> dict[str, list[list[str]]]:
    """Function name -> the parameter lists of its definitions."""
    found: dict[str, list[list[str]]] = {}
    for match in _HEAD.finditer(text):
        found.setdefault(match.group(1), []).append([part.strip() for part in match.group(2).split(",")])
    return found


def _lib_functions() -> dict[str, list[list[str]]]:
    found: dict[str, list[list[str]]] = {}
    for path in sorted((REGO_DIR / "lib").glob("*.rego")):
        if not path.name.endswith("_test.rego"):
            for name, heads in _functions(_without_comments(path.read_text(encoding="utf-8"))).items():
                found.setdefault(name, []).extend(heads)
    return found


def _argument_index(text: str, start: int, position: int) -> int:
    """Which argument (0-based) of the call whose "(" is at start holds position."""
    depth, index = 0, 0
    for character in text[start + 1:position]:
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth -= 1
        elif character == "," and depth == 0:
            index += 1
    return index


def _id_reads(source: str, lib: dict[str, list[list[str]]] | None = None, *, rule: bool = True) -> list[str]:
    """What a dataset rule's Rego (or a lib file) reads of a dataset beyond what grouping keeps equal:
    the id other than in a message (`msg := sprintf(..., [dataset.id])`, going only into the finding)
    or in lib.dataset_resource, a field left out of the key, a field chosen at run time, the whole object
    handed to anything but a function whose parameter is `dataset` too (whose body is then checked).

    The convention it relies on, checked too: a dataset is always held in a variable named `dataset`,
    bound by `some dataset in input.datasets` or a function parameter of that name.
    """
    literal = _without_comments(source)
    text = _blank_strings(literal)  # matched on; literal paths read from `literal`
    own = _functions(text)
    lib = _lib_functions() if lib is None else lib
    problems = ["input.datasets other than in `some dataset in input.datasets`"
                for match in re.finditer(r"input\.datasets", text)
                if not re.search(r"some\s+dataset\s+in\s+$", text[:match.start()])]
    for match in re.finditer(r"\bdataset\b(?!\s*\.\s*\w)(?!\s*\[)", text):  # the whole object
        before = text[:match.start()]
        if re.search(r"some\s+$", before):
            continue
        name, start = _enclosing_call(text, match.start())
        line_start = before.rfind("\n") + 1
        if start >= line_start and _HEAD.match(text, line_start) and start == text.index("(", line_start):
            continue  # a parameter in a function's head
        argument = _argument_index(text, start, match.start()) if start >= 0 else -1
        if name in ("object.get", "lib.state") and argument == 0:
            path = re.match(r"\s*dataset\s*,(.*)", literal[match.start():])
            first = re.match(_FIELD_PATH, path.group(1)) if path else None
            if not (first and (first.group(1) or first.group(2)) not in UNREAD):
                problems.append(f"{name}(dataset, ...) with a path that is not a literal other than {UNREAD}")
            continue
        # Inside the lib (rule=False) an unprefixed call may name a function of another lib file.
        heads = (lib.get(name[4:], []) if name.startswith("lib.")
                 else own.get(name) or ([] if rule else lib.get(name, [])))
        if heads and all(len(head) > argument >= 0 and head[argument] == "dataset" for head in heads):
            continue
        problems.append(f"the whole dataset handed to {name or 'an expression'}")
    for parent, child in UNREAD_NESTED:  # a nested field left out, read however it is reached
        if re.search(rf"\b{child}\b", literal):
            problems.append(f"{parent}.{child}, left out of the grouping key")
    for match in re.finditer(r"\bdataset\s*\.\s*(\w+)|\bdataset\s*\[", text):
        field = match.group(1)
        if field is None:
            problems.append("dataset[...]: a field chosen at run time")
        elif field in UNREAD_FIELDS:
            problems.append(f"dataset.{field}, left out of the grouping key")
        elif field == "id":
            name, start = _enclosing_call(text, match.start())
            head = text[:max(start - len(name), 0)]
            message = name == "sprintf" and re.search(r"\bmsg\s*:=\s*$", head)
            # a function that is only a message or the resource name: dataset_resource, *_message (their
            # calls in rules are checked below to go only into a finding)
            builder = name == "sprintf" and re.search(r"^(dataset_resource|\w*_message)\([\w, ]*\)\s*:=\s*$", head,
                                                      re.MULTILINE)
            if not (message or builder):
                problems.append(f"dataset.id in {name or 'an expression'}, not only in a message or resource name")
    for match in re.finditer(r"\blib\.(\w*_message)\(", text if rule else ""):  # a message function's text
        name, _ = _enclosing_call(text, match.start())
        if name not in ("lib.finding", "lib.finding_severity"):
            problems.append(f"lib.{match.group(1)} used in {name or 'an expression'}, not only in the finding")
    if "personal_datasets" in text and rule:
        problems.append("lib.personal_datasets: every dataset at once")
    for match in re.finditer(r"\bmsg\b", text if rule else ""):  # a rule's message goes only into the finding
        name, _ = _enclosing_call(text, match.start())
        if not (re.match(r"msg\s*:=", text[match.start():]) or name in ("lib.finding", "lib.finding_severity")
                or (name in own and _HEAD.match(text, text.rfind("\n", 0, match.start()) + 1))):
            problems.append(f"msg used in {name or 'an expression'}, not only in the finding")
    return problems


def _dataset_rule_files() -> Iterator[tuple[str, Path]]:
    for package, meta in shipped_rules().items():
        if meta.scope is Scope.DATASET:
            yield package, REGO_DIR / meta.path


def test_the_static_check_flags_reads_of_the_id() -> None:
    clean = 'x contains m if {\n\tsome dataset in input.datasets\n\tmsg := sprintf("dataset %s", [dataset.id])\n}'
    assert _id_reads(clean) == []
    flagged: list[Callable[[str], str]] = [
        lambda s: s.replace('msg := sprintf("dataset %s", [dataset.id])', 'startswith(dataset.id, "tmp_")'),
        lambda s: s.replace("[dataset.id]", "[upper(dataset.id)]"),
        lambda s: s.replace("some dataset in input.datasets", "some d in input.datasets"),
        lambda s: s + "\n\tdataset.rows > 10",
        lambda s: s + '\n\tobject.get(dataset, "id", "")',
        lambda s: s + "\n\tjson.marshal(dataset)",
        lambda s: s + '\n\tdataset["id"]',
        lambda s: s + "\n\tendswith(msg, \"x\")",
        lambda s: s + "\n\tstartswith(lib.drift_message(dataset, d), \"x\")",
        lambda s: s + '\n}\n\nlabel(dataset) := sprintf("%s", [dataset.id])',
        lambda s: s + "\n\tcount(dataset.access.reader_paths) > 1",  # a nested field left out of the key
        lambda s: s + '\n\tobject.get(dataset.access, "reader_paths", {})',
        lambda s: s + "\n\tdataset.provenance.program == \"observed\"",
    ]
    message_function = 'drift_message(dataset, drift) := sprintf("dataset %s: %s", [dataset.id, drift.field])'
    assert _id_reads(message_function, rule=False) == []
    uses = clean.replace("x contains m if", "x contains lib.finding(lib.dataset_resource(dataset), \"f\", "
                         "lib.drift_message(dataset, d), {}) if")
    assert _id_reads(uses, {"drift_message": [["dataset", "drift"]], "dataset_resource": [["dataset"]]}) == []
    for change in flagged:
        assert _id_reads(change(clean)), change(clean)


@pytest.mark.parametrize("package", sorted(package for package, _ in _dataset_rule_files()))
def test_a_dataset_rule_reads_the_id_only_to_name_the_dataset_or_says_so(package: str) -> None:
    meta = shipped_rules()[package]
    problems = _id_reads((REGO_DIR / meta.path).read_text(encoding="utf-8"))
    assert meta.reads_id or not problems, f"{meta.path}: {problems}; declare custom.reads_id: true"


def test_the_lib_reads_the_id_only_to_name_the_dataset() -> None:
    for path in sorted((REGO_DIR / "lib").glob("*.rego")):
        if not path.name.endswith("_test.rego"):
            problems = _id_reads(path.read_text(encoding="utf-8"), rule=False)
            if path.name == "datasets.rego":  # personal_datasets, the set of whole datasets: no dataset rule reads it
                problems.remove("the whole dataset handed to an expression")
            assert problems == [], path.name
