"""compliance/arrow.py: Arrow arrays and scalars from Python values, equal to pyarrow's own, without pandas."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from compliance import arrow
from tests.conftest import REPO

TEXT = ["a", None, "é\u2028", "", "x" * 300]


@pytest.mark.parametrize(("made", "expected"), [
    (arrow.strings(TEXT), pa.array(TEXT, pa.string())),
    (arrow.strings([]), pa.array([], pa.string())),
    (arrow.strings([None]), pa.array([None], pa.string())),
    (arrow.int64s([0, None, -5, 2**62]), pa.array([0, None, -5, 2**62], pa.int64())),
    (arrow.int64s(range(3)), pa.array([0, 1, 2], pa.int64())),
    (arrow.int32s([0, 3, 7]), pa.array([0, 3, 7], pa.int32())),
    (arrow.bools([True, None, False, *[True] * 9, None]), pa.array([True, None, False, *[True] * 9, None])),
    (arrow.bools([]), pa.array([], pa.bool_())),
])
def test_arrays_equal_pyarrows(made: pa.Array, expected: pa.Array) -> None:
    made.validate(full=True)
    assert made.type == expected.type
    assert made.null_count == expected.null_count
    assert made.equals(expected)


def test_scalars() -> None:
    assert arrow.string("x").equals(pa.scalar("x", pa.string()))
    assert arrow.integer(-3).equals(pa.scalar(-3, pa.int64()))
    assert arrow.boolean(False).equals(pa.scalar(False))
    assert arrow.null(pa.bool_()).equals(pa.scalar(None, pa.bool_()))
    assert not arrow.string(None).is_valid
    assert pc.equal(arrow.strings(["", "a", None]), arrow.string("")).to_pylist() == [True, False, None]


def test_integers_read_back() -> None:
    assert list(arrow.integers(pa.array([3, -1, 2**40], pa.int64()))) == [3, -1, 2**40]
    assert list(arrow.integers(pa.array(range(10), pa.int32()).slice(4, 3))) == [4, 5, 6]
    assert list(arrow.integers(pc.sort_indices(pa.array(["b", "a", "b"])))) == [1, 0, 2]
    for refused in (pa.array([1, None]), pa.array(["1"])):
        with pytest.raises(ValueError, match="expected integers without nulls"):
            arrow.integers(refused)


def test_made_and_used_without_pandas() -> None:
    code = """\
import sys
import pyarrow as pa
import pyarrow.compute as pc
from compliance import arrow
words = arrow.strings(["a", None, "b"])
joined = pc.binary_join_element_wise(arrow.string("["), words, arrow.string("]"), arrow.string(""))
mask = pc.fill_null(pc.is_in(words, value_set=arrow.strings(["a"])), arrow.boolean(False))
numbers = pc.less(arrow.int64s([1, None, 5]), arrow.integer(3))
flags = pc.if_else(arrow.bools([True, False, None]), arrow.string("y"), arrow.null(pa.string()))
assert joined.to_pylist() == ["[a]", None, "[b]"] and mask.to_pylist() == [True, False, False]
assert numbers.to_pylist() == [True, None, False] and flags.to_pylist() == ["y", None, None]
assert list(arrow.integers(pc.sort_indices(words))) == [0, 2, 1]
print("pandas" in sys.modules)
"""
    shown = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_text_too_large_for_one_array_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arrow, "_MAX_STRING_BYTES", 4)
    with pytest.raises(ValueError, match="do not fit one Arrow string array"):
        arrow.strings(["abc", "de"])
