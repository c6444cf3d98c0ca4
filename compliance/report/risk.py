"""DPIA risk assessment (RULES.md 7.2): CNIL four-level scales, modifiers from the findings, bands.

Each scenario starts from a base severity S and likelihood L (1-4). Severity +1 when special-category
or CCPA-sensitive data is involved (for scenarios where the nature of the data drives the harm), +1
when subjects are directly identifiable (no pseudonymisation), -1 when the data is encrypted at rest
with managed keys (confidentiality scenarios). Likelihood +1 per linked rule failed at critical
severity, -1 when access controls are independently tested (GDPR-SEC-004 evaluated without a
finding). Inherent risk is the picture as found; residual risk is the picture once every measure of
the report (every finding's remediation) is in place. Names and descriptions live in the templates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compliance.findings import Finding, Severity

BANDS = ("low", "medium", "high", "very_high")
TESTED_CONTROLS_RULE = "GDPR-SEC-004"
ENCRYPTION_RULE = "GDPR-SEC-001"
PSEUDONYMISATION_RULES = frozenset({"GDPR-PD-001", "GDPR-SEC-002"})


@dataclass(frozen=True)
class Scenario:
    id: str
    key: str  # names the scenario's wording in the templates
    base_severity: int
    base_likelihood: int
    linked_rules: frozenset[str]
    data_nature_matters: bool  # the special-category modifier applies
    confidentiality: bool  # the encryption modifier and tested access controls apply


SCENARIOS = (
    Scenario("R1", "illegitimate_access", 2, 2, frozenset({
        "GDPR-PD-002", "GDPR-SEC-001", "GDPR-SEC-003", "GDPR-SEC-004", "GDPR-SEC-005", "GDPR-SEC-006",
        "GDPR-BR-001", "GDPR-BR-003", "GDPR-TX-001", "GDPR-TX-002", "GDPR-TX-003", "GDPR-PROC-001",
        "US-SEC-001"}), data_nature_matters=True, confidentiality=True),
    Scenario("R2", "unwanted_modification", 2, 2, frozenset({
        "GDPR-SEC-003", "GDPR-SEC-004", "GDPR-SEC-006", "GDPR-PR-004"}),
        data_nature_matters=False, confidentiality=True),
    Scenario("R3", "disappearance", 1, 2, frozenset({"GDPR-SEC-004", "GDPR-BR-002"}),
             data_nature_matters=False, confidentiality=False),
    Scenario("R4", "excessive_collection", 2, 2, frozenset({
        "GDPR-PR-001", "GDPR-PR-003", "GDPR-PR-005", "GDPR-LB-001", "GDPR-LB-005", "GDPR-SC-001", "GDPR-SC-003",
        "GDPR-EMP-001", "GDPR-EMP-003", "GDPR-EMP-004", "GDPR-DPIA-001", "DE-BAG-001", "FR-CT-003",
        "GDPR-ROPA-002"}), data_nature_matters=True, confidentiality=False),
    Scenario("R5", "function_creep", 3, 1, frozenset({
        "GDPR-EMP-005", "GDPR-PR-002", "GDPR-LB-004", "GDPR-RT-002", "EU-AIA-001", "EU-AIA-002", "US-CA-005"}),
        data_nature_matters=True, confidentiality=False),
    Scenario("R6", "loss_of_control", 2, 2, frozenset({
        "GDPR-RT-001", "GDPR-LB-005", "GDPR-LB-006", "GDPR-TR-001", "GDPR-TR-002", "GDPR-TR-003",
        "US-NY-001", "US-CT-001", "US-DE-001", "US-CA-001", "US-CA-002"}),
        data_nature_matters=False, confidentiality=False),
)


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


def facts(programs: Sequence[Mapping[str, Any]], findings: Sequence[Finding], evaluated_rules: Iterable[str]) -> Facts:
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
    evaluated = set(evaluated_rules)
    return Facts(
        sensitive_data=sensitive,
        identifiable=not pseudonymised,
        encrypted_now=encrypted and ENCRYPTION_RULE not in fired,
        pseudonymisation_planned=bool(fired & PSEUDONYMISATION_RULES),
        encryption_planned=ENCRYPTION_RULE in fired,
        tested_now=TESTED_CONTROLS_RULE in evaluated and TESTED_CONTROLS_RULE not in fired,
        tested_rule_evaluated=TESTED_CONTROLS_RULE in evaluated,
        critical_rules=frozenset(f.rule for f in open_findings if f.severity is Severity.CRITICAL),
    )


def assess(scenario: Scenario, known: Facts) -> dict[str, Any]:
    """One scenario's inherent and residual S, L, score and band, with the modifiers applied."""
    sensitive = scenario.data_nature_matters and known.sensitive_data
    raised = sorted(scenario.linked_rules & known.critical_rules)
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
        "id": scenario.id, "key": scenario.key, "declared": False, "name": "",
        "base_severity": scenario.base_severity, "base_likelihood": scenario.base_likelihood,
        "modifiers": {"sensitive": sensitive, "identifiable": known.identifiable,
                      "encrypted": scenario.confidentiality and known.encrypted_now,
                      "tested": scenario.confidentiality and known.tested_now, "raised_by": raised},
        "inherent": inherent, "residual": residual, "linked_rules": sorted(scenario.linked_rules),
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
               evaluated_rules: Iterable[str]) -> dict[str, Any]:
    """The risk register: computed scenarios, the manifests' own risks, and the overall bands."""
    known = facts(programs, findings, evaluated_rules)
    computed = [assess(scenario, known) for scenario in SCENARIOS]
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
        "rule_scenarios": rule_scenarios(),
    }


def rule_scenarios() -> dict[str, list[str]]:
    """Rule id -> the scenario ids whose likelihood a failure of it raises."""
    linked: dict[str, list[str]] = {}
    for scenario in SCENARIOS:
        for rule in sorted(scenario.linked_rules):
            linked.setdefault(rule, []).append(scenario.id)
    return linked


def _point(severity: int, likelihood: int) -> dict[str, Any]:
    s, l_ = clamp(severity), clamp(likelihood)
    return {"severity": s, "likelihood": l_, "score": s * l_, "band": band(s, l_)}


def _level(value: Any) -> int:
    return clamp(value) if isinstance(value, int) and not isinstance(value, bool) else 0


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
