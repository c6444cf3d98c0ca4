"""What the Google Cloud services share: IAM members as principals, IAM grants of member, binding
and policy resources, and the project / folder / organisation audit configs."""

from __future__ import annotations

import json
from collections.abc import Iterator

from compliance.loaders.document import PathKey
from compliance.loaders.terraform.dataset import Dataset, principal
from compliance.loaders.terraform.plan import Plan, Resource, elements, strings


def iam_principal(text: str) -> str:
    """A Google IAM member as a principal of the schema."""
    if text == "allUsers":
        return "*"
    if text == "allAuthenticatedUsers":
        return "authenticated"
    kind, _, rest = text.partition(":")
    prefixes = {"user": "user", "group": "group", "serviceAccount": "svc"}
    if kind in prefixes and rest:
        return principal(f"{prefixes[kind]}:{rest}")
    return principal(f"group:{text}")


def iam_grants(grant: Resource, d: Dataset) -> Iterator[tuple[str, str, PathKey]]:
    """(role, principal, source) of a Google *_iam_member / *_iam_binding / *_iam_policy resource."""
    if grant.type.endswith("_iam_policy"):
        if grant.is_unknown("policy_data"):
            d.unknown_until_apply(("access", "readers"), grant.at("policy_data"))
            return
        try:
            policy = json.loads(str(grant.get("policy_data") or "{}"))
        except ValueError:
            return
        for binding in elements(policy.get("bindings")) if isinstance(policy, dict) else []:
            for member in strings(binding.get("members") if isinstance(binding, dict) else None):
                yield str(binding.get("role")), iam_principal(member), grant.at("policy_data")
        return
    role = str(grant.get("role") or "")
    if grant.type.endswith("_iam_member"):
        if grant.is_unknown("member"):
            d.unknown_until_apply(("access", "readers"), grant.at("member"))
        elif isinstance(grant.get("member"), str):
            yield role, iam_principal(grant.get("member")), grant.at("member")
        return
    for i, member in enumerate(grant.elements("members")):
        if grant.is_unknown("members", i) or grant.is_unknown("members"):
            d.unknown_until_apply(("access", "readers"), grant.at("members", i))
        elif isinstance(member, str):
            yield role, iam_principal(member), grant.at("members", i)
    if grant.is_unknown("members") and not grant.elements("members"):
        d.unknown_until_apply(("access", "readers"), grant.at("members"))


def _google_audit_config(plan: Plan) -> PathKey | None:
    for kind in ("google_project_iam_audit_config", "google_folder_iam_audit_config",
                 "google_organization_iam_audit_config"):
        for config in plan.by_type.get(kind, []):
            if config.get("service") not in ("allServices", "storage.googleapis.com"):
                continue
            for i, log in enumerate(config.elements("audit_log_config")):
                if isinstance(log, dict) and log.get("log_type") == "DATA_READ":
                    return config.at("audit_log_config", i, "log_type")
    return None


def audit_config(plan: Plan) -> PathKey | None:
    """Where a DATA_READ audit config covers Cloud Storage, once per plan; None when none does."""
    return plan.cached("gcp.audit_config", lambda: _google_audit_config(plan))
