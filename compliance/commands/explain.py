"""`compliance explain RULE-ID`: a rule's meaning, law, inputs, fix and examples, as text, JSON or Markdown."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import Path

import click

from compliance.errors import ExitCode, printable
from compliance.explain import RuleExplanation, explain
from compliance.rule_examples import Example

WIDTH = 100


def _severity(rule: RuleExplanation) -> str:
    text = rule.severity + (f"; {rule.severity_note}" if rule.severity_note else "")
    if len(rule.severities_seen) > 1:
        text += f" (its tests see: {', '.join(rule.severities_seen)})"
    return text


def _status(rule: RuleExplanation) -> str:
    if rule.applies_from and rule.status == "in_force_not_yet_applicable":
        return f"{rule.status}: applies from {rule.applies_from}; findings before then are reported as info"
    return rule.status + (f" from {rule.applies_from}" if rule.applies_from else "")


def _fields(rule: RuleExplanation) -> list[str]:
    """One line per node: the fields its findings point at first, marked `*`, then those deciding its examples."""
    grouped: dict[str, list[str]] = {}
    for read in sorted(rule.fields, key=lambda read: read.how != "finding"):
        name = read.field or "(the entry itself)"
        grouped.setdefault(read.node, []).append(f"{name}*" if read.how == "finding" else name)
    return [f"{node}: {', '.join(fields)}" for node, fields in grouped.items()]


FIELDS_NOTE = "* a finding points at it; the other fields decide the verdict on the examples below"


def _params(rule: RuleExplanation) -> str:
    return ", ".join(f"{name} (default {json.dumps(default)})" for name, default in rule.params)


def _command(example: Example) -> str:
    return f"compliance check example.yaml --as-of {example.as_of}"


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _text_example(heading: str, example: Example | None) -> list[str]:
    if example is None:
        return [f"{heading}: none of its tests' inputs, written as documents, validates and does that", ""]
    lines = [f"{heading} (from its test {example.test}; `{_command(example)}`):", example.yaml.rstrip("\n")]
    if example.messages:
        lines.append("which reports:")
        lines.extend(f"  - {message}" for message in example.messages)
    return [*lines, ""]


def _checked_on(rule: RuleExplanation) -> str:
    return "checked on each dataset" if rule.dataset_check else "checked on the program"


def as_text(rule: RuleExplanation) -> str:
    lines = [f"{rule.id}  {rule.title}", ""]
    facts = [
        ("check", f"{rule.package} ({rule.path}), {_checked_on(rule)}"),
        ("severity", _severity(rule)),
        ("status", _status(rule)),
        ("legal", "; ".join(rule.legal)),
        ("reads", ", ".join(rule.inputs) or "(not declared)"),
    ]
    facts.extend(("", line) for line in _fields(rule))
    if rule.fields:
        facts.append(("", f"({FIELDS_NOTE})"))
    if rule.params:
        facts.append(("params", _params(rule) + " (set in compliance.yaml)"))
    if rule.related_resources:
        facts.append(("see", " ".join(rule.related_resources)))
    lines.extend(f"  {label:<9} {value}".rstrip() for label, value in facts)
    lines += ["", "When it fires:", _wrap(rule.description or "(no description)"), "",
              "How to fix it:", _wrap(rule.recommended_action), ""]
    lines += _text_example("Example that fires", rule.fires)
    lines += _text_example("Example that passes", rule.passes)
    if rule.changes:
        lines.append("From the first example to the second:")
        lines.extend(f"  {change}" for change in rule.changes)
        lines.append("")
    return "\n".join(lines)


def _markdown_example(heading: str, example: Example | None) -> list[str]:
    if example is None:
        return [f"### {heading}", "", "None of its tests' inputs, written as documents, validates and does that.", ""]
    lines = [f"### {heading}", "", f"From its test `{example.test}`; `{_command(example)}`:", "",
             "```yaml", example.yaml.rstrip("\n"), "```", ""]
    if example.messages:
        lines += ["It reports:", "", *(f"- {message}" for message in example.messages), ""]
    return lines


def as_markdown(rule: RuleExplanation) -> str:
    lines = [f"## {rule.id}: {rule.title}", "",
             f"- **Check**: `{rule.package}` (`{rule.path}`), {_checked_on(rule)}",
             f"- **Severity**: {_severity(rule)}",
             f"- **Status**: {_status(rule)}",
             f"- **Legal references**: {'; '.join(rule.legal)}",
             f"- **Reads**: {', '.join(rule.inputs) or '(not declared)'}"]
    lines += [f"  - {line}".replace("*", "\\*") for line in _fields(rule)]  # a marker, not emphasis
    if rule.fields:
        lines.append(f"  - ({FIELDS_NOTE})".replace("*", "\\*"))
    if rule.params:
        lines.append(f"- **Parameters**: {_params(rule)}")
    lines += ["", "### When it fires", "", rule.description or "(no description)", "",
              "### How to fix it", "", rule.recommended_action, ""]
    lines += _markdown_example("Example that fires", rule.fires)
    lines += _markdown_example("Example that passes", rule.passes)
    if rule.changes:
        lines += ["From the first example to the second:", "", *(f"- `{change}`" for change in rule.changes), ""]
    return "\n".join(lines)


def render(rules: Sequence[RuleExplanation], output_format: str) -> str:
    if output_format == "json":
        return json.dumps({"rules": [rule.as_dict() for rule in rules]}, indent=2, sort_keys=True,
                          ensure_ascii=False) + "\n"
    render_one = as_markdown if output_format == "markdown" else as_text
    parts = [render_one(rule) for rule in rules]
    if len(rules) > 1:
        note = (f"{rules[0].id} is one obligation with {len(rules)} checks, each with its own examples: "
                + "; ".join(f"{rule.package.rsplit('.', 1)[-1]} ({_checked_on(rule)})" for rule in rules) + ".")
        separator = "\n" if output_format == "markdown" else "\n" + "-" * 40 + "\n\n"
        return printable(note + "\n\n" + separator.join(parts), keep="\n")
    return printable(parts[0], keep="\n")


def run(rule_id: str, output_format: str, policy_dirs: tuple[str, ...]) -> int:
    rules = explain(rule_id, tuple(Path(directory) for directory in policy_dirs))
    click.echo(render(rules, output_format), nl=False)
    return int(ExitCode.OK)
