"""Fields the rule catalog defines are accepted as written, and values outside them refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.errors import InputProblems
from compliance.loaders.inputs import load_inputs

Write = Callable[[str, str], Path]

PROGRAM = """
    apiVersion: privacy.compliance/v1
    kind: Program
    metadata: {id: demo}
    program:
      capture:
        blocked_categories: [union, hr_grievance, employee_assistance]
      changes:
        - {date: 2026-05-04, description: Screenshot interval cut to 15 s, material: true, notice_date: 2026-04-27}
        - {date: 2026-06-01, description: New colour theme, material: false}
    dpia:
      risks:
        - {id: R1, feared_event: FEARED, severity: 3, likelihood: 2}
    """

FEARED_EVENTS = ["illegitimate_access", "unwanted_modification", "disappearance", "unlawful_collection",
                 "function_creep", "chilling_effect", "discrimination", "loss_of_control", "rights_impeded",
                 "emotional_harm", "other"]


@pytest.mark.parametrize("feared_event", FEARED_EVENTS)
def test_change_log_blocked_channels_and_feared_events_load(write: Write, feared_event: str) -> None:
    inputs = load_inputs([str(write("p.yaml", PROGRAM.replace("FEARED", feared_event)))])
    program = inputs.documents[0].value
    assert program["program"]["changes"][0]["notice_date"] == "2026-04-27"
    assert program["dpia"]["risks"][0]["feared_event"] == feared_event


def test_unknown_feared_event_and_change_field_refused(write: Write) -> None:
    text = PROGRAM.replace("FEARED", "boredom").replace("material: false}", "material: false, notified: yes}")
    path = write("p.yaml", text)
    with pytest.raises(InputProblems) as caught:
        load_inputs([str(path)])
    messages = [str(problem) for problem in caught.value.problems]
    assert len(messages) == 2
    assert any("program.changes[1].notified: unknown field" in m for m in messages)
    assert any("dpia.risks[0].feared_event" in m and "boredom" in m for m in messages)
