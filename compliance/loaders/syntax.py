"""Messages for YAML and JSON syntax errors that point where the mistake starts.

A parser reports where it gave up, which for an unclosed `[`, `{` or quote is often many lines
after the mistake. PyYAML also says where the construct it was reading began (`context_mark`);
JSON says only where it gave up, so the brackets still open there are found by a scan here.
Each message names the line where the mistake starts, what the parser refused, and where it
gave up when that is elsewhere.
"""

from __future__ import annotations

import json
import re

import yaml

from compliance.errors import Problem

# YAML line breaks (YAML 1.1, as PyYAML and libyaml count lines).
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

_FLOW = {"while parsing a flow sequence": ("flow list", "[", "]"),
         "while parsing a flow mapping": ("flow mapping", "{", "}")}

_UNCLOSED_QUOTE = {"found unexpected end of stream": "the parser reached the end of the file",
                   "found unexpected document indicator": "the parser gave up at the document marker",
                   "found unexpected document separator": "the parser gave up at the document marker"}

_EXCERPT = 40


def _quote(text: str) -> str:
    """Text of the file in backticks, shortened to about 40 characters."""
    text = text.strip()
    mark = "'" if "`" in text else "`"
    return f"{mark}{text}{mark}" if len(text) <= _EXCERPT else f"{mark}{text[:_EXCERPT - 3]}...{mark}"


class _Text:
    """A text with the offsets where its lines start, to move between offsets and positions."""

    def __init__(self, text: str, breaks: re.Pattern[str]) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in breaks.finditer(text))]
        self.breaks = breaks

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based line and column."""
        return min(self.starts[min(line, len(self.starts) - 1)] + column, len(self.text))

    def line(self, index: int) -> str:
        """The 0-based line's text without its line break."""
        if index >= len(self.starts):
            return ""
        rest = self.text[self.starts[index]:]
        end = self.breaks.search(rest)
        return rest[: end.start()] if end else rest

    def rest_of_line(self, line: int, column: int) -> str:
        return self.line(line)[column:]


def not_utf8(line: bytes, start: int, offset: int) -> tuple[int, str]:
    """(column, message) for a line of the file whose byte at `start` (`offset` in the file) is not UTF-8."""
    before = line[:start].decode("utf-8")
    after = line[start:].decode("utf-8", "backslashreplace").rstrip("\r\n")
    excerpt = (("..." if len(before) > 20 else "") + before[-20:].lstrip()
               + after[:20] + ("..." if len(after) > 20 else ""))
    return len(before) + 1, (f"not UTF-8 text (byte 0x{line[start]:02x} at offset {offset}, in `{excerpt}`); "
                             "save the file as UTF-8")


def excerpt(text: str, line: int, column: int) -> str:
    """The text of a YAML file from a 1-based line and column to the end of that line, in backticks."""
    return _quote(_Text(text, _YAML_BREAK).rest_of_line(line - 1, column - 1))


def _where(line: int, column: int) -> str:
    return f"line {line + 1} (column {column + 1})"


def _flow_closer(text: str, start: int) -> int | None:
    """Offset of the bracket that closes the YAML flow collection opened at `start`, or None.

    Quoted scalars and comments are skipped; a quote counts only where a scalar can start
    (after a space, a line start or one of `[{,:`), so an apostrophe in `it's` opens nothing.
    """
    depth = 0
    index = start
    previous = " "
    while index < len(text):
        char = text[index]
        if char in "\"'" and (previous.isspace() or previous in "[{,:"):
            index = _after_quoted(text, index)
            previous = char
            continue
        if char == "#" and previous.isspace():
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index
        previous = char
        index += 1
    return None


def _after_quoted(text: str, start: int) -> int:
    """Offset just after the quoted scalar starting at `start` (the end of text if unclosed)."""
    quote = text[start]
    index = start + 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1:index + 2] == "'":
                index += 2
                continue
            return index + 1
        index += 1
    return len(text)


def yaml_problem(name: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """The problem to report for a YAML syntax error, at the line where the mistake starts."""
    lines = _Text(text, _YAML_BREAK)
    context, problem = error.context or "", error.problem or ""
    start, gave_up = error.context_mark, error.problem_mark
    if start is not None and gave_up is not None:
        if context in _FLOW:
            what, opener, closer = _FLOW[context]
            opened = lines.offset(start.line, start.column)
            if text[opened:opened + 1] == opener and _flow_closer(text, opened) is None:
                return Problem(name, start.line + 1, start.column + 1, "", (
                    f"invalid YAML: the {what} opened at {_where(start.line, start.column)} is never closed "
                    f"(no '{closer}' after {_quote(lines.rest_of_line(start.line, start.column))}); "
                    f"the parser gave up at {_where(gave_up.line, gave_up.column)}, {_found(lines, gave_up)}"))
        if context == "while scanning a quoted scalar" and problem in _UNCLOSED_QUOTE:
            return Problem(name, start.line + 1, start.column + 1, "", (
                f"invalid YAML: the quoted string opened at {_where(start.line, start.column)} is never closed "
                f"({_quote(lines.rest_of_line(start.line, start.column))}); "
                f"{_UNCLOSED_QUOTE[problem]} at line {gave_up.line + 1}"))
        if context == "while scanning a simple key":
            key = _quote(lines.rest_of_line(start.line, start.column))
            return Problem(name, start.line + 1, start.column + 1, "", (
                f"invalid YAML: {key} is not followed by ':' (neither `key: value` nor a list item); "
                f"the parser gave up at {_where(gave_up.line, gave_up.column)}"))
        if context == "while parsing a block mapping" and problem == "did not find expected key":
            mapping = f"the mapping that starts at line {start.line + 1}, column {start.column + 1}"
            if gave_up.column != start.column:
                reason = f"is indented to column {gave_up.column + 1}, unlike the keys of {mapping}"
            else:
                reason = f"stands among the keys of {mapping} but is not a `key: value` entry"
            return Problem(name, gave_up.line + 1, gave_up.column + 1, "", (
                f"invalid YAML: {_quote(lines.line(gave_up.line))} {reason} (did not find expected key)"))
    mark = gave_up or start
    if mark is None:
        return Problem(name, None, None, "", f"invalid YAML: {'; '.join(p for p in (context, problem) if p)}")
    message = f"invalid YAML: {problem or context}"
    if problem.startswith("found character") and problem.endswith("that cannot start any token"):
        char = lines.rest_of_line(mark.line, mark.column)[:1]
        message = f"invalid YAML: found character {json.dumps(char)} that cannot start any token"
        if char == "\t":
            message += " (a tab: YAML indents with spaces only)"
    else:
        message += f", {_found(lines, mark)}"
        if context and problem and start is not None and (start.line, start.column) != (mark.line, mark.column):
            message += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
        elif context and problem:
            message += f" ({context})"
    return Problem(name, mark.line + 1, mark.column + 1, "", message)


def _found(lines: _Text, mark: yaml.Mark) -> str:
    """Where the parser gave up: in that line (quoted), or at the end of the line or file."""
    rest = lines.rest_of_line(mark.line, mark.column).strip()
    if rest:
        return f"in {_quote(lines.line(mark.line))}"
    if lines.offset(mark.line, mark.column) >= len(lines.text.rstrip()):
        return "at the end of the file"
    return "at the end of the line"


# JSON counts lines by "\n" only (json.JSONDecodeError.lineno).
_JSON_BREAK = re.compile("\n")
_JSON_KIND = {"{": ("mapping", "}"), "[": ("list", "]")}


def _open_brackets(text: str, end: int) -> tuple[list[int], tuple[int, int] | None, int | None]:
    """The offsets of the JSON brackets still open at `end`, outermost first; the first pair
    (opener, closer) on two lines whose closer is indented otherwise than the opener's line (in
    text laid out by a tool, the closer of an outer bracket taken by an inner one left open); and
    the offset of a string still open at `end`, if any."""
    stack: list[int] = []
    suspect: tuple[int, int] | None = None
    index = 0
    while index < end:
        char = text[index]
        if char == '"':
            after = _after_quoted(text, index)
            if after > end:
                return stack, suspect, index
            index = after
            continue
        if char in "[{":
            stack.append(index)
        elif char in "]}" and stack:
            opened = stack.pop()
            if suspect is None and "\n" in text[opened:index] and _indent(text, opened) != _indent(text, index):
                suspect = (opened, index)
        index += 1
    return stack, suspect, None


def _indent(text: str, offset: int) -> int:
    start = text.rfind("\n", 0, offset) + 1
    line = text[start:offset + 1]
    return len(line) - len(line.lstrip(" \t"))


def _position(text: str, offset: int) -> tuple[int, int]:
    """0-based line and column of an offset, as json counts them."""
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def _json_token(text: str, offset: int) -> str:
    """The JSON token at offset, quoted: a string, a word or number, or one character."""
    if offset >= len(text.rstrip()):
        return "the end of the file"
    char = text[offset]
    if not char.isprintable() or char.isspace():
        return f"`{json.dumps(char)[1:-1]}`"
    if char == '"':
        token = text[offset:_after_quoted(text, offset)].split("\n")[0]
    elif char.isalnum() or char in "-+.":
        token = re.match(r"[\w.+-]+", text[offset:]).group(0)  # type: ignore[union-attr]
    else:
        token = char
    return _quote(token)


def json_problem(name: str, text: str, error: json.JSONDecodeError) -> Problem:
    """The problem to report for a JSON syntax error, at the line where the mistake starts."""
    reason = error.msg
    at_end = error.pos >= len(text.rstrip())
    stack, suspect, string = _open_brackets(text, min(error.pos, len(text)))
    if string is not None and reason.startswith("Invalid control character") and text[error.pos] in "\r\n":
        line, column = _position(text, string)
        return Problem(name, line + 1, column + 1, "", (
            f"invalid JSON: the string opened at {_where(line, column)} is never closed on its line "
            f"({_quote(text[string:error.pos])}); a JSON string cannot span lines"))
    innermost = stack[-1] if stack else None
    found = text[error.pos:error.pos + 1]
    # A key inside a list, or the other kind of closing bracket: the list or mapping was left open.
    left_open = innermost is not None and ((found == ":" and text[innermost] == "[")
                                           or found == {"[": "}", "{": "]"}[text[innermost]])
    if innermost is not None and (at_end or left_open):
        gave_up = "reached the end of the file" if at_end else (
            f"gave up at {_where(error.lineno - 1, error.colno - 1)}, at {_json_token(text, error.pos)}")
        if at_end and suspect is not None and suspect[0] > innermost:
            # The inner bracket took the closer meant for an outer one, which stays open at the end.
            opened, taken = suspect
            line, column = _position(text, opened)
            what, closer = _JSON_KIND[text[opened]]
            return Problem(name, line + 1, column + 1, "", (
                f"invalid JSON: the {what} opened at {_where(line, column)} is probably never closed: the "
                f"'{text[taken]}' at {_where(*_position(text, taken))} that closes it is indented for "
                f"another bracket, and the parser {gave_up} ({reason})"))
        line, column = _position(text, innermost)
        what, closer = _JSON_KIND[text[innermost]]
        return Problem(name, line + 1, column + 1, "", (
            f"invalid JSON: the {what} opened at {_where(line, column)} is never closed (a '{closer}' is "
            f"missing); the parser {gave_up} ({reason})"))
    if reason.startswith("Unterminated string"):
        return Problem(name, error.lineno, error.colno, "", (
            f"invalid JSON: the string opened at {_where(error.lineno - 1, error.colno - 1)} is never closed "
            f"({_quote(text[error.pos:].split(chr(10))[0])})"))
    if reason == "Expecting ',' delimiter":
        before = len(text[: error.pos].rstrip())  # just after the value that a ',' should follow
        line, column = _position(text, before)
        return Problem(name, line + 1, column + 1, "", (
            f"invalid JSON: a ',' is missing after {_json_token(text, _value_start(text, before))}, before "
            f"{_json_token(text, error.pos)} at {_where(error.lineno - 1, error.colno - 1)}"))
    if reason.startswith(("Expecting value", "Expecting property name")) and text[error.pos:error.pos + 1] in "]}":
        comma = len(text[: error.pos].rstrip()) - 1
        if comma >= 0 and text[comma] == ",":
            line, column = _position(text, comma)
            return Problem(name, line + 1, column + 1, "", (
                f"invalid JSON: a trailing ',' before {_json_token(text, error.pos)} at "
                f"{_where(error.lineno - 1, error.colno - 1)}; JSON allows none"))
    reason = reason.removesuffix(" at")  # "Invalid control character at"
    return Problem(name, error.lineno, error.colno, "", f"invalid JSON: {reason}, at {_json_token(text, error.pos)}")


def _value_start(text: str, end: int) -> int:
    """Offset where the JSON value ending just before `end` starts (a string, word, or bracket)."""
    if end <= 0:
        return 0
    last = text[end - 1]
    if last == '"':
        index = end - 2
        while index >= 0:
            if text[index] == '"':
                backslashes = len(text[:index]) - len(text[:index].rstrip("\\"))
                if backslashes % 2 == 0:
                    return index
            index -= 1
        return 0
    if last in "]}":
        return end - 1
    index = end
    while index > 0 and (text[index - 1].isalnum() or text[index - 1] in "-+."):
        index -= 1
    return index
