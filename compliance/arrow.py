"""Arrow arrays and scalars made from Python values without pyarrow's Python conversion.

pyarrow imports pandas (about 0.3 s of CPU) the first time it converts a Python value to Arrow:
`pa.array([...])`, `pa.array(numpy_array)`, `pa.scalar("x")`, `pa.table({...})`, and a compute
function given a Python literal (`pc.equal(values, "")`, `pc.fill_null(mask, False)`). A check of
a tabular inventory needs no pandas, so the code on its path makes every array and scalar it hands
to Arrow here instead: the buffers are built with the standard `array` module and wrapped by
`Array.from_buffers`, which converts nothing. Compute functions take these arrays and scalars
(`pc.equal(values, arrow.string(""))`); their options (patterns, separators given as options)
are not converted and may stay plain Python values.

Reading back is free of pandas too: `to_pylist()`, `as_py()` and `integers()` (a Python array of an
integer column), not `to_numpy()`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import pyarrow as pa

_MAX_STRING_BYTES = 2**31 - 1  # offsets of pa.string() are int32


def strings(values: Iterable[str | None]) -> pa.Array:
    """A pa.string() array of the values (None: null)."""
    import pyarrow as pa

    items = list(values)
    encoded = [b"" if value is None else value.encode("utf-8") for value in items]
    data = b"".join(encoded)
    if len(data) > _MAX_STRING_BYTES:
        raise ValueError(f"{len(data):,} bytes of text do not fit one Arrow string array")
    offsets = array("i", accumulate(map(len, encoded), initial=0))
    validity, nulls = _validity(items)
    return pa.Array.from_buffers(pa.string(), len(items), [validity, pa.py_buffer(offsets), pa.py_buffer(data)],
                                 null_count=nulls)


def int64s(values: Iterable[int | None]) -> pa.Array:
    """A pa.int64() array of the values (None: null)."""
    return _integers(values, "q")


def int32s(values: Iterable[int | None]) -> pa.Array:
    """A pa.int32() array of the values (None: null), e.g. the offsets of a ListArray."""
    return _integers(values, "i")


def bools(values: Iterable[bool | None]) -> pa.Array:
    """A pa.bool_() array of the values (None: null)."""
    import pyarrow as pa

    items = list(values)
    flags = _flags([bool(value) for value in items])
    validity, nulls = _validity(items)
    if not nulls:
        return flags
    return pa.Array.from_buffers(pa.bool_(), len(items), [validity, flags.buffers()[1]], null_count=nulls)


def string(value: str | None) -> pa.Scalar:
    """A pa.string() scalar."""
    return strings([value])[0]


def integer(value: int | None) -> pa.Scalar:
    """A pa.int64() scalar."""
    return int64s([value])[0]


def boolean(value: bool | None) -> pa.Scalar:
    """A pa.bool_() scalar."""
    return bools([value])[0]


def null(kind: pa.DataType) -> pa.Scalar:
    """The null scalar of a type."""
    import pyarrow as pa

    return pa.nulls(1, kind)[0]


def integers(values: pa.Array) -> array[int]:
    """The values of an integer array without nulls, copied into a Python array (no Python int per value)."""
    code = _TYPECODES.get(str(values.type))
    if code is None or values.null_count:
        raise ValueError(f"expected integers without nulls, not {values.type} with {values.null_count} nulls")
    found = array(code)
    start = values.offset * found.itemsize
    found.frombytes(memoryview(values.buffers()[1])[start:start + len(values) * found.itemsize])
    return found


_TYPECODES = {"int64": "q", "uint64": "Q", "int32": "i", "uint32": "I"}


def _integers(values: Iterable[int | None], code: str) -> pa.Array:
    import pyarrow as pa

    items = list(values)
    validity, nulls = _validity(items)
    data = array(code, [0 if value is None else value for value in items] if nulls else cast(list[int], items))
    kind = pa.int64() if code == "q" else pa.int32()
    return pa.Array.from_buffers(kind, len(items), [validity, pa.py_buffer(data)], null_count=nulls)


def _flags(values: Sequence[bool]) -> pa.Array:
    """A bool array without nulls: bytes of 0 and 1 cast to booleans (Arrow packs the bits)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = array("B", values)
    return pc.cast(pa.Array.from_buffers(pa.uint8(), len(data), [None, pa.py_buffer(data)]), pa.bool_())


def _validity(values: Sequence[object]) -> tuple[pa.Buffer | None, int]:
    """The validity bitmap of values (None: null) and the number of nulls; (None, 0) without nulls."""
    nulls = values.count(None)
    if not nulls:
        return None, 0
    return _flags([value is not None for value in values]).buffers()[1], nulls
