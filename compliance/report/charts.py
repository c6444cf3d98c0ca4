"""Chart geometry as plain data; the templates draw it as inline SVG (no image library, no raster).

Only numbers and identifiers are computed here; every string reaches the SVG through the
autoescaping template, like any other text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from compliance.report.risk import band

CELL = 46
MAP_LEFT = 34
MAP_TOP = 8
MARKERS_PER_CELL = 3
BAR_LEFT = 78
BAR_WIDTH = 300
BAR_HEIGHT = 16
BAR_GAP = 6


def risk_map(risks: Sequence[Mapping[str, Any]], which: str) -> dict[str, Any]:
    """A 4x4 severity (rows, 4 at the top) x likelihood (columns) grid with the risk ids in their cells."""
    placed: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        point = risk.get(which)
        if point:
            placed.setdefault((point["severity"], point["likelihood"]), []).append(str(risk["id"]))
    cells = []
    for row, severity in enumerate((4, 3, 2, 1)):
        for column, likelihood in enumerate((1, 2, 3, 4)):
            ids = placed.get((severity, likelihood), [])
            shown = ids[:MARKERS_PER_CELL]
            cells.append({
                "x": MAP_LEFT + column * CELL, "y": MAP_TOP + row * CELL, "size": CELL,
                "severity": severity, "likelihood": likelihood, "band": band(severity, likelihood),
                "markers": [{"id": marker, "y": MAP_TOP + row * CELL + 14 + index * 12}
                            for index, marker in enumerate(shown)],
                "more": len(ids) - len(shown), "cx": MAP_LEFT + column * CELL + CELL // 2,
            })
    return {
        "cells": cells,
        "width": MAP_LEFT + 4 * CELL + 8,
        "height": MAP_TOP + 4 * CELL + 34,
        "row_labels": [{"value": s, "y": MAP_TOP + i * CELL + CELL // 2 + 4} for i, s in enumerate((4, 3, 2, 1))],
        "column_labels": [{"value": v, "x": MAP_LEFT + i * CELL + CELL // 2} for i, v in enumerate((1, 2, 3, 4))],
        "axis_y": MAP_TOP + 4 * CELL + 14,
        "axis_title_y": MAP_TOP + 4 * CELL + 28,
        "grid_left": MAP_LEFT, "grid_size": 4 * CELL, "grid_top": MAP_TOP,
        "center_x": MAP_LEFT + 2 * CELL, "center_y": MAP_TOP + 2 * CELL,
    }


def severity_bars(counts: Mapping[str, int], severities: Sequence[str]) -> dict[str, Any]:
    """Horizontal bars, one per severity, scaled to the largest count."""
    largest = max([counts.get(s, 0) for s in severities] + [1])
    bars = []
    for index, severity in enumerate(severities):
        count = counts.get(severity, 0)
        width = round(BAR_WIDTH * count / largest) if count else 0
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append({"severity": severity, "count": count, "x": BAR_LEFT, "y": y,
                     "width": max(width, 1 if count else 0), "track": BAR_WIDTH, "height": BAR_HEIGHT,
                     "label_x": BAR_LEFT + BAR_WIDTH + 8,
                     "text_y": y + BAR_HEIGHT - 4})
    return {"bars": bars, "width": BAR_LEFT + BAR_WIDTH + 60, "height": len(severities) * (BAR_HEIGHT + BAR_GAP)}
