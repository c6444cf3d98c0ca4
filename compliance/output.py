"""Write outputs atomically, owner-readable only, and never over an input; and the one instant
that every output of a run records (reproducible, never the wall clock)."""

from __future__ import annotations

import contextlib
import datetime
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from compliance.errors import InputError


def write_atomic(target: str, content: bytes | Iterable[bytes], protected: Iterable[str] = ()) -> None:
    """Write content (bytes, or pieces of it written one by one) to target through a temporary file in
    the same directory, then rename.

    A failed run leaves the old file (or none) in place; the new file is created 0600 since
    findings describe sensitive data. Refuses to write over any path in `protected` (the inputs).
    A symbolic link is followed: the file it points to is replaced and the link stays. A target
    that is not a regular file (/dev/null, /dev/stdout, a named pipe) is written to as it is:
    renaming over it would replace the device or pipe with a plain file.
    """
    path = Path(target)
    resolved = path.resolve()
    for other in protected:
        if Path(other).resolve() == resolved:
            raise InputError(f"{target}: refusing to overwrite an input file")
    if resolved.is_dir():
        raise InputError(f"{target}: is a directory; give a file name")
    if resolved.exists() and not resolved.is_file():
        with open(resolved, "wb") as stream:
            _write(stream, content)
        return
    directory = resolved.parent
    if not directory.is_dir():
        raise InputError(f"{target}: directory {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{resolved.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            _write(stream, content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, resolved)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write(stream: BinaryIO, content: bytes | Iterable[bytes]) -> None:
    if isinstance(content, bytes):
        stream.write(content)
        return
    for piece in content:
        stream.write(piece)


def blocks(pieces: Iterable[str], size: int = 1 << 20) -> Iterator[str]:
    """Text pieces gathered into blocks of about `size` characters (fewer, larger writes)."""
    block: list[str] = []
    length = 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """Text pieces as UTF-8 blocks, for write_atomic."""
    return (block.encode("utf-8") for block in blocks(pieces))


def fixed_instant(as_of: str) -> datetime.datetime:
    """SOURCE_DATE_EPOCH when set, else midnight UTC of the run's as-of date; never the wall clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from None
    try:
        day = datetime.date.fromisoformat(as_of)
    except ValueError:
        raise InputError(f"the run's as-of date {as_of!r} is not an ISO date") from None
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
