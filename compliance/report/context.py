"""ReportData -> the plain data (dicts, lists, strings, numbers) the report templates receive.

Nothing here words anything: prose, headings and labels live in the templates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from compliance import catalog
from compliance.findings import Result, Severity
from compliance.report import charts, principles, risk, storage
from compliance.report.description import describe
from compliance.report.source import ReportData

EXAMPLES_PER_RULE = 10  # measures and the findings register: the first affected resources of each rule
EXAMPLES_PER_SECTION = 1  # necessity and proportionality: a taste of each rule, the rest counted
INPUTS_SHOWN = 60
WARNINGS_SHOWN = 30  # values the inputs leave open: the first ones listed, the rest counted
TOP_RISKS = 8
TOP_RULES = 10
WP248 = ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9")


def evaluated_rules(data: ReportData) -> list[str]:
    """Ids of the rules the run evaluated (the --rule / --skip-rule selection recorded in run_options)."""
    only = set(data.run_options.get("rules") or ())
    skip = set(data.run_options.get("skip_rules") or ())
    return sorted({meta.id for meta in data.rules if (not only or meta.id in only) and meta.id not in skip})


def screening_of(data: ReportData, program_id: str) -> dict[str, Any] | None:
    if data.screening is None or not isinstance(data.screening.get(program_id), Mapping):
        return None
    found = data.screening[program_id]
    criteria = {str(c.get("id")): {"name": str(c.get("name", "")), "reason": str(c.get("reason", ""))}
                for c in found.get("criteria", []) if isinstance(c, Mapping)}
    hits = [{"country": str(h.get("country", "")), "entry": str(h.get("entry", "")), "source": str(h.get("source", "")),
             "technologies": [str(t) for t in h.get("technologies", [])]}
            for h in found.get("national_list_hits", []) if isinstance(h, Mapping)]
    return {
        "required": found.get("required") is True,
        "reason": str(found.get("reason", "")),
        "art35_3": [str(letter) for letter in found.get("art35_3", [])],
        "criteria": [{"id": cid, "met": cid in criteria, **criteria.get(cid, {"name": "", "reason": ""})}
                     for cid in WP248],
        "met_count": len(criteria),
        "national_list_hits": hits,
    }


def packs_of(data: ReportData, program_id: str) -> list[dict[str, str]] | None:
    if data.packs is None:
        return None
    packs = data.packs.get(program_id)
    if not isinstance(packs, list):
        return []
    return [{"pack": str(p.get("pack", "")), "reason": str(p.get("reason", ""))}
            for p in packs if isinstance(p, Mapping)]


def programs(data: ReportData) -> list[dict[str, Any]]:
    described = []
    for program in data.programs:
        entry = describe(program)
        entry["screening"] = screening_of(data, entry["id"])
        entry["packs"] = packs_of(data, entry["id"])
        described.append(entry)
    return described


def gdpr_applies(program: Mapping[str, Any]) -> bool:
    """The GDPR pack reaches the program (docs/method.md, applicability); assumed when the packs were not computed."""
    return program["packs"] is None or any(pack["pack"] == "GDPR" for pack in program["packs"])


def verdict(described: Sequence[Mapping[str, Any]], assessment: Mapping[str, Any]) -> dict[str, Any]:
    """The cover's verdict. Art. 35 and 36 are GDPR duties: programs GDPR does not reach are not screened."""
    under_gdpr = [p for p in described if gdpr_applies(p)]
    screenings = [p["screening"] for p in under_gdpr if p["screening"] is not None]
    required: bool | None = any(s["required"] for s in screenings) if screenings else None
    live = any(p["program"]["status"] in ("live", "pilot") for p in described)
    return {
        "gdpr_applies": bool(under_gdpr) or not described,
        "dpia_required": required,
        "reasons": [{"program": p["name"], "reason": p["screening"]["reason"]} for p in under_gdpr if p["screening"]],
        "dpia_performed": [p["dpia"]["performed"] for p in described],
        "packs_computed": all(p["packs"] is not None for p in described),
        "inherent_band": assessment["inherent_band"],
        "residual_band": assessment["residual_band"],
        "art36_needed": assessment["art36_needed"] and bool(under_gdpr),
        "processing_started": live,
    }


def rule_text(data: ReportData, rule: str, name: str, english: str) -> str:
    """A rule's title or recommended action in the report's language; English where no translation exists."""
    return data.rule_texts.get(rule, {}).get(data.lang, {}).get(name) or english


def untranslated(data: ReportData, rule: str) -> bool:
    """The rule has no text in the report's language (an organisation's rule without a translation file)."""
    return data.lang != "en" and data.lang not in data.rule_texts.get(rule, {})


def translated(data: ReportData, groups: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rule groups with each rule's title and remediation in the report's language."""
    return [{**g, "title": rule_text(data, g["rule"], "title", g["title"]),
             "remediation": rule_text(data, g["rule"], "recommended_action", g["remediation"]),
             "untranslated": untranslated(data, g["rule"])} for g in groups]


def catalog_rows(data: ReportData, groups: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Annex D: one row per rule id (its program and dataset checks are one obligation)."""
    counts = {g["rule"]: g["count"] for g in groups}
    evaluated = set(evaluated_rules(data))
    return [{"id": meta.id, "title": rule_text(data, meta.id, "title", meta.title),
             "severity": meta.severity.value, "legal": list(meta.legal),
             "status": meta.status, "applies_from": meta.applies_from, "findings": counts.get(meta.id, 0),
             "evaluated": meta.id in evaluated, "untranslated": untranslated(data, meta.id)}
            for meta in catalog.entries(data.rules)]


def left_open(result: Result) -> dict[str, Any]:
    """What the inputs leave open (Terraform values unknown until apply), the first WARNINGS_SHOWN of them."""
    rows = [{"where": f"{w.path}:{w.line}" if w.line else w.path, "field": w.field, "message": w.message}
            for w in result.warnings[:WARNINGS_SHOWN]]
    return {"rows": rows, "total": len(result.warnings), "more": max(0, len(result.warnings) - WARNINGS_SHOWN)}


def build(data: ReportData, *, generated: str, findings_digest: str, attachments: Sequence[Mapping[str, Any]],
          ) -> dict[str, Any]:
    result = data.result
    counts = result.counts()
    evaluated = evaluated_rules(data)
    assessment = risk.assessment(data.programs, result.findings, evaluated, data.rules)
    everything = assessment["scenarios"] + assessment["declared"]
    by_package = {meta.package: meta for meta in data.rules}
    groups = translated(data, principles.group_by_rule(result.findings, EXAMPLES_PER_RULE, by_package,
                                                         assessment["rule_scenarios"]))
    per_resource = Counter(f.resource for f in result.findings)
    described = programs(data)
    top_risks = sorted(everything, key=lambda r: (-(r["inherent"] or {}).get("score", 0), r["id"]))[:TOP_RISKS]
    return {
        "title": ", ".join(p["name"] for p in described),
        "programs": described,
        "controllers": sorted({str(p["controller"]["name"]) for p in described if p["controller"]["name"]}),
        "owners": sorted({str(p["owner"]) for p in described if p["owner"]}),
        "as_of": result.as_of,
        "generated": generated,
        "tool": {"version": result.tool_version, "engine": result.engine},
        "policy_digest": result.policy_digest,
        "findings_digest": findings_digest,
        "inputs": [{"path": r.path, "kind": r.kind, "id": r.id, "sha256": r.sha256}
                   for r in result.inputs[:INPUTS_SHOWN]],
        "inputs_total": len(result.inputs),
        "attachments": [dict(a) for a in attachments],
        "verdict": verdict(described, assessment),
        "counts": counts,
        "severities": [s.value for s in Severity],
        "bars": charts.severity_bars(counts, [s.value for s in Severity]),
        "top_risks": top_risks,
        "top_rules": groups[:TOP_RULES],
        "rule_groups": len(groups),
        "rules_failed": len({g["rule"] for g in groups}),
        "storage": storage.picture(data.datasets, data.broad_readers, per_resource),
        "left_open": left_open(result),
        "sections": principles.sections(principles.trim(groups, EXAMPLES_PER_SECTION)),
        "consultation_groups": principles.consultation_groups(groups),
        "risk": {**assessment, "inherent_map": charts.risk_map(everything, "inherent"),
                 "residual_map": charts.risk_map(everything, "residual")},
        "groups": groups,
        "examples_per_rule": EXAMPLES_PER_RULE,
        "catalog": catalog_rows(data, groups),
        "run_options": dict(sorted(data.run_options.items())),
    }
