"""The pieces every live source shares: the principal graph walk, classification, the mapping file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compliance.cli import main
from compliance.errors import InputProblems
from compliance.sources.classify import Classifier, DatasetMapping, parse_comment
from compliance.sources.principals import EVERYONE, Holders, Principal, PrincipalGraph, render
from compliance.sources.snapshot import dataset_id, load_mapping
from tests.conftest import REPO


def graph_of(edges: list[tuple[str, str, bool]], logins: set[str]) -> PrincipalGraph:
    graph = PrincipalGraph()
    for name in {name for edge in edges for name in edge[:2]}:
        graph.add(Principal(name, f"{'user' if name in logins else 'group'}:{name}", name in logins))
    for member, role, inherits in edges:
        graph.add_membership(member, role, inherits)
    return graph


def test_walk_follows_inheriting_membership_only() -> None:
    graph = graph_of([("carol", "leads", True), ("leads", "research", True), ("research", "readers", True),
                      ("erin", "readers", False)], {"carol", "erin"})
    holders = graph.holders(["readers"])
    assert holders.paths == {"readers": ("readers",), "research": ("research", "readers"),
                             "leads": ("leads", "research", "readers"),
                             "carol": ("carol", "leads", "research", "readers")}
    assert not holders.everyone


def test_walk_ends_on_a_cycle_and_is_memoised() -> None:
    graph = graph_of([("a", "b", True), ("b", "c", True), ("c", "a", True), ("u", "a", True)], {"u"})
    first = graph.holders(["c"])
    assert set(first.paths) == {"a", "b", "c", "u"}
    assert graph.holders(["c"]) is first


def test_a_role_containing_everyone_passes_its_grants_to_all() -> None:
    graph = graph_of([("u", "r", True)], {"u"})
    graph.add_membership(EVERYONE, "r")
    assert graph.holders(["r"]).everyone


def test_intersection_with_everyone() -> None:
    named = Holders(False, {"a": ("a",)})
    everyone = Holders(True, {})
    assert named.intersect(everyone).paths == {"a": ("a",)} and not named.intersect(everyone).everyone
    assert everyone.intersect(Holders(True, {})).everyone
    assert named.intersect(Holders(False, {"b": ("b",)})).paths == {}


def test_render_counts_logins_and_puts_everyone_first() -> None:
    graph = graph_of([("carol", "readers", True)], {"carol"})
    readers = render(graph, graph.holders(["readers", EVERYONE]), "*", {"readers": "GRANT", EVERYONE: "PUBLIC"}, 9)
    assert readers.labels == ("*", "group:readers", "user:carol")
    assert readers.identities == 9
    assert readers.paths["user:carol"] == " -> ".join(["user:carol", "group:readers", "GRANT"])
    assert render(graph, graph.holders(["readers"]), "*", {}, 9).identities == 1


def test_comment_parsing() -> None:
    assert parse_comment("Raw keys. compliance: program=mci categories=keystrokes,screenshots sensitivity=4") == {
        "program": "mci", "categories": "keystrokes,screenshots", "sensitivity": "4"}
    assert parse_comment("no marker here") == {}
    assert parse_comment(None) == {}


def classify(mapping: DatasetMapping, dataset: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    classifier = Classifier(mapping)
    classifier.classify(dataset, [dataset["id"]], **kwargs)
    return dataset


def test_first_source_wins_value_by_value(write: Any) -> None:
    path = write("m.yaml", """
        apiVersion: privacy.compliance/v1
        kind: DatasetMapping
        metadata: {id: m}
        datasets:
          - {match: "raw.*", program: mci}
    """)
    mapping = load_mapping(str(path), 2**20)
    dataset = classify(mapping, {"id": "raw.keys"}, tags={"sensitivity": "3", "program": "other"},
                       comment="compliance: categories=keystrokes sensitivity=2")
    assert (dataset["program"], dataset["sensitivity"], dataset["data_categories"]) == ("mci", 3, ["keystrokes"])
    assert dataset["provenance"] == {"program": "mapping:m#0", "sensitivity": "tag:sensitivity",
                                     "data_categories": "comment",
                                     "personal_data": "mapping:m#0 (implied by program)"}
    assert dataset["personal_data"] is True


def test_unclassified_is_not_assumed_non_personal() -> None:
    dataset = classify(DatasetMapping(), {"id": "public.scratch"})
    assert dataset["personal_data"] is None and "provenance" not in dataset


def test_observed_absence_beats_a_declaration(write: Any) -> None:
    path = write("m.yaml", """
        apiVersion: privacy.compliance/v1
        kind: DatasetMapping
        metadata: {id: m}
        datasets:
          - {match: "*", retention: {ttl_days: 30}, encryption: {at_rest: true}}
    """)
    dataset = classify(load_mapping(str(path), 2**20), {
        "id": "lake.t", "retention": {"ttl_days": None}, "provenance": {"retention.ttl_days": "observed"}})
    assert dataset["retention"] == {"ttl_days": None}
    assert dataset["drift"] == [{"field": "retention.ttl_days", "declared": 30, "observed": None,
                                 "declared_by": "mapping:m#0"}]
    assert dataset["encryption"] == {"at_rest": True}  # not observed: the declaration stands
    assert dataset["provenance"]["encryption.at_rest"] == "mapping:m#0"


def test_bad_mapping_is_located(write: Any) -> None:
    path = write("m.yaml", """
        apiVersion: privacy.compliance/v1
        kind: DatasetMapping
        metadata: {id: m}
        datasets:
          - match: "raw.*"
            sensitivity: 7
            programme: mci
    """)
    with pytest.raises(InputProblems) as raised:
        load_mapping(str(path), 2**20)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}:6:5: datasets[0].sensitivity: 7 is above the maximum of 4",
        f"{path}:7:5: datasets[0].programme: unknown field 'programme'; did you mean 'program'?",
    ]


def test_mapping_schema_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["schema", "DatasetMapping"])
    assert exited.value.code in (0, None)
    assert '"title": "DatasetMapping"' in capsys.readouterr().out


def test_dataset_ids_the_schema_accepts() -> None:
    assert dataset_id("mci_raw.keystrokes") == "mci_raw.keystrokes"
    assert dataset_id('sales."Q1 report"') == "sales._Q1_report_"
    assert dataset_id("_private.t") == "t_private.t"


def test_every_registered_source_imports() -> None:
    from compliance.sources import LIVE_SOURCES, load

    assert sorted(LIVE_SOURCES) == ["aws", "bigquery", "postgres", "ranger", "snowflake", "unity"]
    for name, spec in LIVE_SOURCES.items():
        assert load(spec).name == name


def test_discover_mapping_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("apiVersion: privacy.compliance/v1\nkind: DatasetMapping\nmetadata: {id: m}\ndatasets: 3\n")
    data = REPO / "tests" / "data" / "discover" / "ranger"
    with pytest.raises(SystemExit) as exited:
        main(["discover", "ranger", str(data / "policies.json"), "--tables", str(data / "tables.txt"),
              "--mapping", str(mapping), "-o", str(tmp_path / "o.yaml")])
    assert exited.value.code == 2
    assert f"{mapping}:4:1: datasets: expected array, got 3" in capsys.readouterr().err
    assert not (tmp_path / "o.yaml").exists()


def test_validate_checks_a_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    mapping = REPO / "tests" / "data" / "discover" / "postgres-mapping.yaml"
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(mapping)])
    assert exited.value.code == 0
    assert "1 document(s) valid: DatasetMapping warehouse-map" in capsys.readouterr().out


def test_in_memory_snapshots_drop_nulls_as_the_loader_does() -> None:
    from compliance.sources.snapshot import without_nulls

    assert without_nulls({"a": None, "b": [1, None, {"c": None, "d": 2}], "e": {"f": None}}) == {
        "b": [1, {"d": 2}], "e": {}}
