"""What the AWS services share: resource policies (their statements, principals and conditions), TLS
enforced by a policy, and the CloudTrail data events that count as audit logging."""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from compliance.loaders.document import PathKey
from compliance.loaders.terraform.dataset import Dataset, principal
from compliance.loaders.terraform.plan import Plan, Resource, elements, strings

S3_BUCKETS = ("aws_s3_bucket",)
S3_KEYS = ("bucket", "id")  # attributes of a bucket that a companion's `bucket` may equal


class Statement:
    """One statement of an AWS resource policy."""

    _RESTRICTING: ClassVar[dict[str, str]] = {"aws:principalorgid": "aws-org", "aws:principalaccount": "aws-account",
                    "aws:sourceaccount": "aws-account", "aws:sourcevpce": "vpce", "aws:sourcevpc": "vpc",
                    "aws:principalarn": "arn", "aws:sourcearn": "arn"}

    def __init__(self, statement: dict[str, Any], source: PathKey) -> None:
        self.statement = statement
        self.source = source
        self.allow = statement.get("Effect") == "Allow"

    def _conditions(self) -> Iterator[tuple[str, str, list[Any]]]:
        conditions = self.statement.get("Condition")
        for operator, entries in (conditions.items() if isinstance(conditions, dict) else []):
            for key, value in (entries.items() if isinstance(entries, dict) else []):
                yield str(operator), str(key).lower(), value if isinstance(value, list) else [value]

    @property
    def denies_insecure(self) -> bool:
        return self.statement.get("Effect") == "Deny" and any(
            key == "aws:securetransport" and "bool" in operator.lower() and str(v).lower() == "false"
            for operator, key, values in self._conditions() for v in values)

    def allows(self, action: str) -> bool:
        if not self.allow:
            return False
        wanted = action.lower()
        if "NotAction" in self.statement:
            return not any(fnmatch.fnmatchcase(wanted, a.lower()) for a in strings(self.statement["NotAction"]))
        return any(fnmatch.fnmatchcase(wanted, a.lower()) for a in strings(self.statement.get("Action")))

    def principals(self) -> list[str]:
        principals = _aws_principals(self.statement.get("Principal"))
        if "*" not in principals:
            return principals
        narrowed = [f"group:{self._RESTRICTING[key]}:{v}" for operator, key, values in self._conditions()
                    if key in self._RESTRICTING and "not" not in operator.lower() for v in values]
        return [*(p for p in principals if p != "*"), *(principal(p) for p in narrowed)] if narrowed else principals


def _aws_principals(value: Any) -> list[str]:
    """The principals of a statement's Principal ("*", or {"AWS" | "Service" | ...: names})."""
    if value == "*":
        return ["*"]
    found: list[str] = []
    for kind, identities in (value.items() if isinstance(value, dict) else []):
        for identity in strings(identities):
            if kind == "AWS":
                found.append(_aws_identity(identity))
            elif kind == "Service":
                found.append(principal(f"svc:{identity}"))
            elif kind == "CanonicalUser":
                found.append(principal(f"user:canonical:{identity}"))
            else:
                found.append(principal(f"group:{kind.lower()}:{identity}"))
    return found


def _aws_identity(identity: str) -> str:
    if identity == "*":
        return "*"
    account = re.fullmatch(r"(?:arn:aws[a-z-]*:iam::)?(\d{12})(?::root)?", identity)
    if account:
        return f"group:aws-account:{account[1]}"
    if ":user/" in identity:
        return principal(f"user:{identity}")
    if ":role/" in identity or ":assumed-role/" in identity:
        return principal(f"svc:{identity}")
    return principal(f"group:{identity}")


def policies(plan: Plan, holders: list[Resource], attribute: str, d: Dataset,
              inline: bool = False) -> tuple[list[Statement], PathKey | None]:
    """Allow/Deny statements of resource policies (a JSON string attribute), and where one is unknown.

    An unknown policy makes the readers unknown; `inline` (the legacy `policy` attribute of
    aws_s3_bucket, computed by the provider) is only read when known.
    """
    statements: list[Statement] = []
    unknown: PathKey | None = None
    for holder in holders:
        text = holder.get(attribute)
        if holder.is_unknown(attribute) and not inline:
            d.unknown_until_apply(("access", "readers"), holder.at(attribute))
            unknown = unknown or holder.at(attribute)
            continue
        if not isinstance(text, str) or not text.strip():
            continue
        try:
            document = json.loads(text)
        except ValueError:
            d.note(("access", "readers"), holder.at(attribute), "the policy is not valid JSON; it is ignored")
            continue
        raw = document.get("Statement") if isinstance(document, dict) else None
        entries = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
        statements.extend(Statement(entry, holder.at(attribute)) for entry in entries if isinstance(entry, dict))
    return statements, unknown


def tls_enforced(statements: list[Statement], unknown: PathKey | None, resource: Resource,
                  d: Dataset) -> None:
    """in_transit: true only where a policy denies requests without TLS (aws:SecureTransport false)."""
    denying = next((s for s in statements if s.denies_insecure), None)
    if denying is None and unknown is not None:
        d.unknown_until_apply(("encryption", "in_transit"), unknown)
    else:
        d.put(("encryption", "in_transit"), denying is not None, denying.source if denying else resource.at())


def _cloudtrail_coverage(plan: Plan) -> dict[str, dict[str, PathKey]]:
    """{"s3" | "dynamodb": {bucket/table address or "*": trail attribute path}} for data events read."""
    coverage: dict[str, dict[str, PathKey]] = {"s3": {}, "dynamodb": {}}
    kinds = {"aws::s3::object": ("s3", S3_BUCKETS, ("arn", "bucket")),
             "aws::dynamodb::table": ("dynamodb", ("aws_dynamodb_table",), ("arn", "name"))}
    for trail in plan.by_type.get("aws_cloudtrail", []):
        if trail.get("enable_logging") is False:
            continue
        selections: list[tuple[str, list[Any], tuple[str | int, ...], bool]] = []
        for i, selector in enumerate(trail.elements("event_selector")):
            if isinstance(selector, dict) and selector.get("read_write_type", "All") in ("All", "ReadOnly", None):
                for j, resource in enumerate(elements(selector.get("data_resource"))):
                    if isinstance(resource, dict) and isinstance(resource.get("type"), str):
                        path: tuple[str | int, ...] = ("event_selector", i, "data_resource", j, "values")
                        values = resource.get("values")
                        selections.append((resource["type"], values if isinstance(values, list) else [], path,
                                           trail.is_unknown(*path)))
        for i, selector in enumerate(trail.elements("advanced_event_selector")):
            fields = {f.get("field"): (j, f) for j, f in enumerate(elements(selector.get("field_selector")))
                      if isinstance(f, dict)} if isinstance(selector, dict) else {}
            if "resources.type" not in fields or (fields.get("readOnly", (0, {}))[1].get("equals") == ["false"]):
                continue
            j, arns = fields.get("resources.ARN", (0, {}))
            values = [*elements(arns.get("equals")), *elements(arns.get("starts_with"))] or ["*"]
            arn_path: tuple[str | int, ...] = ("advanced_event_selector", i, "field_selector", j, "starts_with")
            selections.extend((kind, values, arn_path, trail.is_unknown(*arn_path))
                              for kind in strings(fields["resources.type"][1].get("equals")))
        for kind, values, path, unknown in selections:
            if kind.lower() not in kinds:
                continue
            service, targets, keys = kinds[kind.lower()]
            if unknown:
                for reference in trail.references(*path):
                    target = plan.resolve(trail, [reference], targets)
                    if target is not None:
                        coverage[service][target.address] = trail.at(*path)
                continue
            for value in values:
                if not isinstance(value, str):
                    continue
                arn = value.rstrip("/")
                if value == "*" or arn in (f"arn:aws:{service}", f"arn:aws:{service}:::"):
                    coverage[service]["*"] = trail.at(*path)
                    continue
                name = arn.split(":::", 1)[-1].split("/")[0] if service == "s3" else arn.rsplit("/", 1)[-1]
                for target in (t for kind_ in targets for t in plan.by_type.get(kind_, [])):
                    if any(target.get(k) in (arn, name) for k in keys):
                        coverage[service][target.address] = trail.at(*path)
    return coverage

def trail(plan: Plan, service: str, resource: Resource) -> PathKey | None:
    covered = plan.cached("aws.cloudtrail", lambda: _cloudtrail_coverage(plan))[service]
    return covered.get(resource.address) or covered.get("*")
