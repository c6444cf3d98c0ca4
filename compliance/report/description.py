"""Systematic description (Art. 35(7)(a)) of each Program, as plain data for the templates.

Values are copied from the manifest as scalars (strings, numbers, booleans, None) or lists of them;
the templates decide how to word them. The same data feeds the Art. 30 record in the annex.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ART28_CLAUSES = ("a", "b", "c", "d", "e", "f", "g", "h")


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _maps(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _strings(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _pick(node: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    """The named fields of node as scalars (lists become lists of strings); missing ones are None."""
    picked: dict[str, Any] = {}
    for key in keys:
        value = node.get(key)
        picked[key] = _strings(value) if isinstance(value, list) else _scalar(value)
    return picked


def _label_text(value: Any) -> str:
    """A label's value as written: YAML's true/false stay lower-case."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def describe(program: Mapping[str, Any]) -> dict[str, Any]:
    metadata = _map(program.get("metadata"))
    body = _map(program.get("program"))
    controller = _map(program.get("controller"))
    subjects = [_pick(s, "category", "count", "vulnerable") for s in _maps(program.get("data_subjects"))]
    return {
        "id": str(metadata.get("id") or ""),
        "name": str(metadata.get("name") or metadata.get("id") or ""),
        "description": str(metadata.get("description") or body.get("description") or ""),
        "owner": str(metadata.get("owner") or ""),
        "labels": [f"{key}={_label_text(value)}" for key, value in sorted(_map(metadata.get("labels")).items())],
        "program": _pick(body, "status", "start_date", "covert", "mandatory_participation", "technologies",
                         "novel_technology"),
        "capture": _pick(_map(body.get("capture")), "scope", "allowlisted_apps", "blocked_categories",
                         "screenshot_interval_seconds", "keystroke_content_captured", "password_fields_excluded",
                         "on_device_redaction", "off_hours_capture", "remote_work_capture", "personal_devices"),
        "private_mode": _pick(_map(_map(body.get("capture")).get("private_mode")), "available", "max_minutes_per_day"),
        "pause": _pick(_map(_map(body.get("capture")).get("pause")), "available", "max_minutes_per_day"),
        "alternatives": [_pick(a, "option", "evaluated", "rejected_reason")
                         for a in _maps(body.get("less_intrusive_alternatives"))],
        "controller": {
            **_pick(controller, "name", "contact", "eu_representative", "joint_controllers"),
            "establishments": [_pick(e, "country", "has_works_council", "employees")
                               for e in _maps(controller.get("establishments"))],
        },
        "locations": [_pick(loc, "region", "headcount")
                      for loc in _maps(_map(program.get("jurisdictions")).get("data_subject_locations"))],
        "subjects": subjects,
        "subjects_total": sum(s["count"] for s in subjects if isinstance(s["count"], int)),
        "purposes": [purpose(p) for p in _maps(program.get("purposes"))],
        "categories": [_pick(c, "id", "name", "type", "source", "special_category",
                             "incidental_special_category_likely", "art9_types", "ccpa_sensitive", "criminal_data",
                             "retention_days", "retention_justification", "pseudonymised", "sensitivity_label")
                       for c in _maps(program.get("data_categories"))],
        "consent": {**_pick(_map(program.get("consent")), "used", "refusal_without_detriment", "alternative_offered",
                            "granular", "records_kept", "form"),
                    "withdrawal": _pick(_map(_map(program.get("consent")).get("withdrawal")), "mechanism", "one_step",
                                        "stops_processing_within_hours")},
        "access": {**_pick(_map(program.get("access")), "default_visibility", "least_privilege_review_days",
                           "automated_acl_tests", "access_logging", "anomaly_alerting", "label_enforcement"),
                   "readers": [_pick(r, "group", "size", "justification", "approved_by")
                               for r in _maps(_map(program.get("access")).get("readers"))]},
        "processors": [processor(p) for p in _maps(program.get("processors"))],
        "transfers": [_pick(t, "destination", "recipient", "mechanism", "dpf_certified", "dpf_covers_hr", "scc_module",
                            "tia_done", "supplementary_measures") for t in _maps(program.get("transfers"))],
        "retention": _pick(_map(program.get("retention")), "auto_deletion", "schedule_ref"),
        "storage": storage(_map(program.get("storage"))),
        "transparency": transparency(_map(program.get("transparency"))),
        "rights": {"objection": _pick(_map(_map(program.get("rights")).get("objection")), "mechanism", "response_days",
                                      "compelling_grounds_log"),
                   "opt_out": _pick(_map(_map(program.get("rights")).get("opt_out")), "available_at_launch", "scope")},
        "automated_decisions": _pick(_map(program.get("automated_decisions")), "outputs_used_for_individual_decisions",
                                     "significant_effects", "human_review", "profiling"),
        "ai": _pick(_map(program.get("ai")), "training_use", "model_scope", "ai_act_role", "intended_purpose_tags",
                    "emotion_inference", "high_risk_annex_iii", "workers_informed_date", "worker_reps_informed_date"),
        "consultation": consultation(program),
        "dpia": dpia(_map(program.get("dpia"))),
        "dpo": _pick(_map(program.get("dpo")), "designated", "contact_published", "involved_from", "reports_to",
                     "conflicting_roles"),
        "records": _pick(_map(program.get("records")), "ropa_entry_id", "ropa_fields", "last_updated"),
        "breaches": [_pick(b, "id", "aware_at", "nature", "approx_subjects", "risk", "sa_notified_at",
                           "subjects_notified_at", "register_entry") for b in _maps(program.get("breaches"))],
        "us_notices": {key: _pick(_map(value), *_map(value).keys())
                       for key, value in sorted(_map(program.get("us_notices")).items()) if isinstance(value, Mapping)},
    }


def purpose(node: Mapping[str, Any]) -> dict[str, Any]:
    lia = _map(node.get("lia"))
    compatibility = _map(node.get("compatibility_assessment"))
    return {
        **_pick(node, "id", "description", "category", "lawful_basis", "legal_obligation_ref", "art9_condition",
                "art9_legal_ref", "derived_from_purpose", "prohibited_secondary_uses", "secondary_use_enforcement"),
        "data_category_ids": _strings(node.get("data_category_ids")),
        "lia_completed": _scalar(lia.get("completed")) if lia else None,
        "compatibility_done": _scalar(compatibility.get("done")) if compatibility else None,
    }


def processor(node: Mapping[str, Any]) -> dict[str, Any]:
    clauses = node.get("art28_clauses")
    missing = [c for c in ART28_CLAUSES if c not in clauses] if isinstance(clauses, list) else list(ART28_CLAUSES)
    return {**_pick(node, "name", "service", "country", "dpa_signed", "subprocessor_authorisation",
                    "transfer_mechanism"), "missing_clauses": missing}


def storage(node: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "locations": [_pick(loc, "system", "country") for loc in _maps(node.get("locations"))],
        "encryption": _pick(_map(node.get("encryption")), "at_rest", "in_transit", "algorithm", "key_management"),
        "pseudonymisation": _pick(_map(node.get("pseudonymisation")), "applied", "key_held_separately"),
        "backup_restore_tested": _scalar(node.get("backup_restore_tested")),
    }


def transparency(node: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "notice": _pick(_map(node.get("notice")), "provided", "date", "channels", "contents", "plain_language",
                        "layered"),
        "third_party_notice": _pick(_map(node.get("third_party_notice")), "needed", "approach", "justification"),
        "objection_notice_separate": _scalar(node.get("objection_notice_separate")),
    }


def consultation(program: Mapping[str, Any]) -> dict[str, Any]:
    node = _map(program.get("consultation"))
    views = _map(node.get("data_subject_views"))
    return {
        "views": {**_pick(views, "sought", "method", "date", "response_documented"),
                  "petition": _pick(_map(views.get("petition")), "received", "signatories")},
        "works_council": [_pick(w, "country", "co_determination_agreement_ref", "date", "expert_involved")
                          for w in _maps(node.get("works_council"))],
        "cse": _pick(_map(node.get("cse")), "informed_consulted_date", "opinion") if node.get("cse") else None,
        "italy_art4": (_pick(_map(node.get("italy_art4")), "union_agreement_ref", "inl_authorisation_ref")
                       if node.get("italy_art4") else None),
        "dpo_advice": _pick(_map(_map(program.get("dpia")).get("dpo_advice")), "given", "summary", "followed",
                            "overrule_reason"),
    }


def dpia(node: Mapping[str, Any]) -> dict[str, Any]:
    screening = _map(node.get("screening"))
    return {
        **_pick(node, "performed", "completed_date", "version", "methodology", "residual_risk_level"),
        "declared_criteria": [f"C{c}" for c in screening.get("wp248_criteria", []) if isinstance(c, int)]
        if isinstance(screening.get("wp248_criteria"), list) else [],
        "art36": _pick(_map(node.get("art36")), "required", "submitted_date", "authority"),
        "review": _pick(_map(node.get("review")), "last_review", "next_review", "triggers"),
    }
