"""The Rego rules' own tests, on regorus and on real OPA's evaluator, and the catalog's health."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from compliance import catalog
from compliance.engine.embedded import EmbeddedEngine
from compliance.engine.interface import PolicyBundle
from compliance.resources import REGO_DIR
from tests.conftest import REPO

RULE_IDS = REPO / "tests" / "data" / "rule_ids.txt"  # the catalog's ids, so every checkout checks them


@pytest.fixture(scope="module")
def bundle() -> PolicyBundle:
    return catalog.build_bundle(catalog.policy_files(), {}, with_tests=True)


def _run(engine_tests: dict[tuple[str, str], str | None]) -> list[str]:
    return [f"{package}.{name}: {reason}" for (package, name), reason in engine_tests.items() if reason is not None]


def test_every_rego_test_passes_on_regorus(bundle: PolicyBundle) -> None:
    tests = [(package, name) for _, package, name in catalog.rego_tests(bundle)]
    assert len(tests) > 50
    assert _run(EmbeddedEngine().run_tests(bundle, tests)) == []


def test_every_rego_test_passes_on_real_opa(bundle: PolicyBundle) -> None:
    opa_bindings = pytest.importorskip("opa_bindings", reason="real OPA's evaluator is not installed")
    engine = opa_bindings.OpaEngine()
    for module in bundle.modules:
        engine.add_policy(module.path, module.source)  # compiles the whole bundle, as `opa test` does
    tests: dict[str, list[str]] = defaultdict(list)
    for _, package, name in catalog.rego_tests(bundle):
        tests[package].append(name)
    # One query for every test package: OPA prepares (and caches) each distinct query, so a query per
    # test costs seconds and gigabytes; a failing package is then retried test by test to name the culprit.
    packages = sorted(tests)
    try:
        (bindings,) = engine.eval_query("; ".join(f"p{i} := data.{package}" for i, package in enumerate(packages)))
        documents = {package: bindings[f"p{i}"] for i, package in enumerate(packages)}
    except opa_bindings.OpaError:
        documents = {}
    failures = []
    for package in packages:
        document = documents.get(package)
        for name in tests[package]:
            if document is not None:
                outcome = document.get(name, "undefined or false")
            else:
                try:
                    outcome = engine.eval_document(f"{package}.{name}")
                except opa_bindings.OpaError as error:
                    outcome = str(error)
            if outcome is not True:
                failures.append(f"{package}.{name}: {outcome!r}")
    assert failures == []


def test_every_rule_has_firing_quiet_and_missing_field_tests(bundle: PolicyBundle) -> None:
    names: dict[str, set[str]] = defaultdict(set)
    for _, package, name in catalog.rego_tests(bundle):
        names[package.removesuffix("_test")].add(name)
    for package in catalog.rules(bundle):
        tests = names.get(package, set())
        for kind in ("fires", "quiet", "missing"):
            assert any(kind in name for name in tests), f"{package} has no test_*{kind}* rule"


def test_rule_files_follow_the_layout(bundle: PolicyBundle) -> None:
    for meta in catalog.rules(bundle).values():
        area, name = meta.area, meta.package.rsplit(".", 1)[1]
        assert meta.package == f"{catalog.RULE_PACKAGE_PREFIX}{area}.{name}"
        assert meta.path == f"rules/{area}/{name}.rego"
        assert (REGO_DIR / "rules" / area / f"{name}_test.rego").is_file()


def catalog_ids() -> set[str]:
    return {line for line in RULE_IDS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}


def test_every_catalog_id_is_implemented_and_no_other(bundle: PolicyBundle) -> None:
    assert {meta.id for meta in catalog.rules(bundle).values()} == catalog_ids()


def test_compliance_test_command_counts_and_fails_untested_rules(tmp_path: pytest.TempPathFactory,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.commands.test import run

    code = run((), engine="embedded", opa_urls=(), opa_token_env="X", opa_ca=None, opa_insecure=False)
    out = capsys.readouterr().out
    assert code == 0, out
    rules = len(catalog.rules(catalog.build_bundle(catalog.policy_files(), {})))
    assert f"{rules} of {rules} rules have tests" in out
    assert re.search(r"^\d+ passed, 0 failed$", out, re.M)
