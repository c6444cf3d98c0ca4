"""Domain errors: each carries its exit code and the text it prints as (README, 'Exit codes').

Nothing here knows the command line: `compliance.cli.main` prints `error.display()` on stderr and
exits with `error.exit_code`, in one place.
"""

from __future__ import annotations

import re
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
    ENGINE = 3


def printable(text: str, keep: str = "") -> str:
    """text with every unprintable character written as an escape (`\\n`, `\\x1e`, `\\u2028`).

    Inputs are written by people and by tools: a key or value holding a line break, a record
    separator or a terminal escape must not split a message over several lines or drive the
    terminal, so messages print what the input holds rather than what it would do. Characters
    in `keep` (e.g. line breaks where the output format encodes them itself) are left as they are.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char in keep else char.encode("unicode_escape").decode("ascii")
                   for char in text)


class ComplianceError(Exception):
    """Base of every error the tool reports; never shown with a traceback unless --debug."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def format_message(self) -> str:
        """The error's own text."""
        return self.message

    def display(self) -> str:
        """What the command line prints on stderr."""
        return f"error: {self.format_message()}"


class InputError(ComplianceError):
    """Bad input or usage (exit code 2). The message names file, line and field."""

    exit_code = ExitCode.BAD_INPUT


class Problem:
    """One thing wrong with an input: `file:line:col: field: message`."""

    __slots__ = ("column", "field", "line", "message", "path")

    def __init__(self, path: str, line: int | None, column: int | None, field: str, message: str) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        self.message = message

    def __str__(self) -> str:
        where = printable(self.path)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        message = printable(self.message)
        return f"{where}: {printable(self.field)}: {message}" if self.field else f"{where}: {message}"

    def __repr__(self) -> str:
        return f"Problem({self!s})"


SHOWN_ALIKE = 10  # problems shown that differ only by a list index; then a count
_INDEX = re.compile(r"\[\d+\]")


class InputProblems(InputError):
    """Every problem found in the inputs, printed one a line with a count (exit code 2)."""

    def __init__(self, problems: list[Problem]) -> None:
        # In reading order, file by file, whichever check found them.
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0))
        super().__init__(self.format_message())

    def format_message(self) -> str:
        """One line a problem, but at most SHOWN_ALIKE of those that differ only by a list index (the
        same mistake in 45,000 datasets), then how many more there are."""
        lines: list[str] = []
        alike: dict[tuple[str, str, str], int] = {}
        for problem in self.problems:
            key = (problem.path, _INDEX.sub("[]", problem.field), problem.message)
            seen = alike[key] = alike.get(key, 0) + 1
            if seen <= SHOWN_ALIKE:
                lines.append(str(problem))
        for (path, field, message), seen in alike.items():
            if seen > SHOWN_ALIKE:
                more = seen - SHOWN_ALIKE
                lines.append(printable(f"{path}: {more:,} more like the above ({field or 'the file'}: {message})"))
        count = len(self.problems)
        lines.append(f"{count:,} problem{'s' if count != 1 else ''} in the input; nothing was evaluated")
        return "\n".join(lines)

    def display(self) -> str:
        return self.format_message()
