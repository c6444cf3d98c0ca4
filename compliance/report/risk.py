"""DPIA risk assessment (docs/method.md, risk method): CNIL four-level scales, modifiers from the findings, bands.

Each scenario starts from a base severity S and likelihood L (1-4). Severity +1 when special-category
or CCPA-sensitive data is involved (for scenarios where the nature of the data drives the harm), +1
when subjects are directly identifiable (no pseudonymisation), -1 when the data is encrypted at rest
with managed keys (confidentiality scenarios). Likelihood +1 per linked rule failed at critical
severity, -1 when access controls are independently tested (the rules of `measure: access_testing`
evaluated without a finding). Inherent risk is the picture as found; residual risk is the picture
once every measure of the report (every finding's remediation) is in place. Names and descriptions
live in the templates.

Which rules link to a scenario, and which check a measure the modifiers credit, is each rule's own
METADATA (`custom.dpia.risk_scenarios`, `custom.dpia.measure`): a rule added with --policy takes
its place here by saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compliance.catalog import RiskMeasure, RiskScenario, RuleMeta
from compliance.findings import Finding, Severity

BANDS = ("low", "medium", "high", "very_high")


@dataclass(frozen=True)
class Scenario:
    id: str
    key: RiskScenario  # names the scenario's wording in the templates; rules link to it by this name
    base_severity: int
    base_likelihood: int
    data_nature_matters: bool  # the special-category modifier applies
    confidentiality: bool  # the encryption modifier and tested access controls apply


SCENARIOS = (
    Scenario("R1", RiskScenario.ILLEGITIMATE_ACCESS, 2, 2, data_nature_matters=True, confidentiality=True),
    Scenario("R2", RiskScenario.UNWANTED_MODIFICATION, 2, 2, data_nature_matters=False, confidentiality=True),
    Scenario("R3", RiskScenario.DISAPPEARANCE, 1, 2, data_nature_matters=False, confidentiality=False),
    Scenario("R4", RiskScenario.EXCESSIVE_COLLECTION, 2, 2, data_nature_matters=True, confidentiality=False),
    Scenario("R5", RiskScenario.FUNCTION_CREEP, 3, 1, data_nature_matters=True, confidentiality=False),
    Scenario("R6", RiskScenario.LOSS_OF_CONTROL, 2, 2, data_nature_matters=False, confidentiality=False),
)


def linked_rules(rules: Iterable[RuleMeta]) -> dict[RiskScenario, frozenset[str]]:
    """Scenario -> the ids of the rules whose METADATA links them to it."""
    linked: dict[RiskScenario, set[str]] = {scenario.key: set() for scenario in SCENARIOS}
    for meta in rules:
        for key in meta.dpia.risk_scenarios:
            linked.setdefault(key, set()).add(meta.id)
    return {key: frozenset(ids) for key, ids in linked.items()}


def measure_rules(rules: Iterable[RuleMeta]) -> dict[RiskMeasure, frozenset[str]]:
    """Measure -> the ids of the rules that check it."""
    checked: dict[RiskMeasure, set[str]] = {measure: set() for measure in RiskMeasure}
    for meta in rules:
        if meta.dpia.measure is not None:
            checked[meta.dpia.measure].add(meta.id)
    return {measure: frozenset(ids) for measure, ids in checked.items()}


def clamp(value: int) -> int:
    return max(1, min(4, value))


def band(severity: int, likelihood: int) -> str:
    """R = S x L: 1-3 low, 4-6 medium, 8-9 high, 12-16 very high; S = 4 with L >= 2 is at least high."""
    score = severity * likelihood
    index = 0 if score <= 3 else 1 if score <= 6 else 2 if score <= 9 else 3
    if severity == 4 and likelihood >= 2:
        index = max(index, 2)
    return BANDS[index]


def worst(bands: Iterable[str]) -> str | None:
    ranked = [BANDS.index(b) for b in bands if b in BANDS]
    return BANDS[max(ranked)] if ranked else None


@dataclass(frozen=True)
class Facts:
    """What the modifiers read, computed once from the manifest and the findings."""

    sensitive_data: bool
    identifiable: bool
    encrypted_now: bool
    pseudonymisation_planned: bool
    encryption_planned: bool
    tested_now: bool
    tested_rule_evaluated: bool
    critical_rules: frozenset[str]


def facts(programs: Sequence[Mapping[str, Any]], findings: Sequence[Finding], evaluated_rules: Iterable[str],
          rules: Iterable[RuleMeta]) -> Facts:
    measures = measure_rules(rules)
    encryption, tested = measures[RiskMeasure.ENCRYPTION], measures[RiskMeasure.ACCESS_TESTING]
    open_findings = [f for f in findings if f.waiver is None]
    fired = {f.rule for f in open_findings}
    categories = [c for p in programs for c in _list(p.get("data_categories")) if isinstance(c, Mapping)]
    sensitive = any(c.get("special_category") is True or c.get("incidental_special_category_likely") is True
                    or c.get("ccpa_sensitive") is True for c in categories)
    storages = [_map(p.get("storage")) for p in programs]
    pseudonymised = bool(storages) and all(_map(s.get("pseudonymisation")).get("applied") is True for s in storages)
    encrypted = bool(storages) and all(
        _map(s.get("encryption")).get("at_rest") is True
        and _map(s.get("encryption")).get("key_management") in ("kms", "hsm") for s in storages)
    tested_evaluated = bool(tested & set(evaluated_rules))
    return Facts(
        sensitive_data=sensitive,
        identifiable=not pseudonymised,
        encrypted_now=encrypted and not fired & encryption,
        pseudonymisation_planned=bool(fired & measures[RiskMeasure.PSEUDONYMISATION]),
        encryption_planned=bool(fired & encryption),
        tested_now=tested_evaluated and not fired & tested,
        tested_rule_evaluated=tested_evaluated,
        critical_rules=frozenset(f.rule for f in open_findings if f.severity is Severity.CRITICAL),
    )


def assess(scenario: Scenario, known: Facts, linked: frozenset[str]) -> dict[str, Any]:
    """One scenario's inherent and residual S, L, score and band, with the modifiers applied.

    `linked`: the ids of the rules linked to the scenario.
    """
    sensitive = scenario.data_nature_matters and known.sensitive_data
    raised = sorted(linked & known.critical_rules)
    encrypted = scenario.confidentiality and known.encrypted_now
    severity = scenario.base_severity + sensitive + known.identifiable - encrypted
    likelihood = scenario.base_likelihood + len(raised) - (scenario.confidentiality and known.tested_now)
    identifiable_after = known.identifiable and not known.pseudonymisation_planned
    encrypted_after = known.encrypted_now or known.encryption_planned
    residual_severity = (scenario.base_severity + sensitive + identifiable_after
                         - (scenario.confidentiality and encrypted_after))
    residual_likelihood = scenario.base_likelihood - (scenario.confidentiality and known.tested_rule_evaluated)
    inherent = _point(severity, likelihood)
    residual = _point(residual_severity, residual_likelihood)
    return {
        "id": scenario.id, "key": scenario.key.value, "declared": False, "name": "",
        "base_severity": scenario.base_severity, "base_likelihood": scenario.base_likelihood,
        "modifiers": {"sensitive": sensitive, "identifiable": known.identifiable,
                      "encrypted": scenario.confidentiality and known.encrypted_now,
                      "tested": scenario.confidentiality and known.tested_now, "raised_by": raised},
        "inherent": inherent, "residual": residual, "linked_rules": sorted(linked),
    }


def declared(programs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The manifests' own dpia.risks, scored with the same bands (values as declared, clamped)."""
    risks = []
    for program in programs:
        for number, risk in enumerate(_list(_map(program.get("dpia")).get("risks")), start=1):
            if not isinstance(risk, Mapping):
                continue
            severity, likelihood = _level(risk.get("severity")), _level(risk.get("likelihood"))
            inherent = _point(severity, likelihood) if severity and likelihood else None
            residual_s = _level(risk.get("residual_severity")) or severity
            residual_l = _level(risk.get("residual_likelihood")) or likelihood
            residual = _point(residual_s, residual_l) if residual_s and residual_l else inherent
            risks.append({
                "id": str(risk.get("id") or f"D{number}"), "key": "declared", "declared": True,
                "name": str(risk.get("scenario") or risk.get("feared_event") or ""),
                "feared_event": str(risk.get("feared_event") or ""),
                "controls": [str(c) for c in _list(risk.get("controls"))],
                "program": str(_map(program.get("metadata")).get("id") or ""),
                "inherent": inherent, "residual": residual,
            })
    return risks


def assessment(programs: Sequence[Mapping[str, Any]], findings: Sequence[Finding],
               evaluated_rules: Iterable[str], rules: Iterable[RuleMeta]) -> dict[str, Any]:
    """The risk register: computed scenarios, the manifests' own risks, and the overall bands.

    `rules`: the catalog's metadata, linking rules to scenarios and measures.
    """
    catalog = list(rules)
    known = facts(programs, findings, evaluated_rules, catalog)
    linked = linked_rules(catalog)
    computed = [assess(scenario, known, linked[scenario.key]) for scenario in SCENARIOS]
    own = declared(programs)
    everything = computed + own
    inherent = worst(r["inherent"]["band"] for r in everything if r["inherent"])
    residual = worst(r["residual"]["band"] for r in everything if r["residual"])
    return {
        "scenarios": computed,
        "declared": own,
        "inherent_band": inherent,
        "residual_band": residual,
        "art36_needed": residual in ("high", "very_high"),
        "facts": {"sensitive": known.sensitive_data, "identifiable": known.identifiable,
                  "encrypted": known.encrypted_now, "tested": known.tested_now},
        "declared_level": sorted({str(_map(p.get("dpia")).get("residual_risk_level"))
                                  for p in programs if _map(p.get("dpia")).get("residual_risk_level")}),
        "rule_scenarios": rule_scenarios(linked),
    }


def rule_scenarios(linked: Mapping[RiskScenario, frozenset[str]]) -> dict[str, list[str]]:
    """Rule id -> the scenario ids whose likelihood a failure of it raises."""
    by_rule: dict[str, list[str]] = {}
    for scenario in SCENARIOS:
        for rule in sorted(linked.get(scenario.key, ())):
            by_rule.setdefault(rule, []).append(scenario.id)
    return by_rule


def _point(severity: int, likelihood: int) -> dict[str, Any]:
    s, l_ = clamp(severity), clamp(likelihood)
    return {"severity": s, "likelihood": l_, "score": s * l_, "band": band(s, l_)}


def _level(value: Any) -> int:
    return clamp(value) if isinstance(value, int) and not isinstance(value, bool) else 0


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
