"""Input limits, defined once: how large one input may be and how many values it may expand to,
and how a refusal is worded. Light on imports: the command line reads its defaults from here."""

from __future__ import annotations

# `--opa-token-env`: the environment variable holding the OPA bearer token (never the token itself).
TOKEN_ENV = "COMPLIANCE_OPA_TOKEN"

DEFAULT_MAX_MB = 256  # `--max-input-mb`: one input file, pipes included
DEFAULT_MAX_BYTES = DEFAULT_MAX_MB * 2**20

# Values constructed from one file, aliases expanded; beyond it the file is refused (alias bombs).
MAX_NODES = 5_000_000


def max_bytes(megabytes: float) -> int:
    """`--max-input-mb` in bytes."""
    return int(megabytes * 2**20)


def size_text(size: int) -> str:
    """2 MB, 1.5 MB, 0.01 MB: as many decimals as tell the size from the limit, at most two."""
    text = f"{size / 2**20:,.2f}".rstrip("0").rstrip(".")
    return f"{text} MB"


def over_size_limit(size: int, limit: int) -> str:
    """A file whose size is known ahead, refused before it is read."""
    return f"{size_text(size)} is over the input size limit of {size_text(limit)} (raise it with --max-input-mb)"


def over_read_limit(limit: int) -> str:
    """What has no size ahead (a pipe, a device), refused once more than the limit was read."""
    return f"more than {size_text(limit)}, the input size limit (raise it with --max-input-mb)"


def too_many_values() -> str:
    return f"more than {MAX_NODES:,} values after expanding aliases; refusing the file (an alias bomb?)"
