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
_YAML_BREAKS = "\r\n\x85\u2028\u2029"
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


def _offset(text: str, mark: yaml.Mark) -> int:
    """Offset in text of a YAML mark: its index (characters, as both parsers count), checked
    against its column; else counted from its line, which costs a pass over the text before it."""
    index = mark.index
    line_start = index - mark.column
    if 0 <= line_start <= index <= len(text) and (line_start == 0 or text[line_start - 1] in _YAML_BREAKS):
        return index
    start = 0
    for number, found in enumerate(_YAML_BREAK.finditer(text), 1):
        start = found.end()
        if number == mark.line:
            break
    return min(start + mark.column, len(text))


def _line(text: str, index: int) -> tuple[int, int]:
    """(start, end) of the line holding the offset, without its line break."""
    start = max(text.rfind(char, 0, index) for char in _YAML_BREAKS) + 1
    end = _YAML_BREAK.search(text, index)
    return start, end.start() if end else len(text)


def _rest_of_line(text: str, mark: yaml.Mark) -> str:
    index = _offset(text, mark)
    return text[index:_line(text, index)[1]]


def _whole_line(text: str, mark: yaml.Mark) -> str:
    start, end = _line(text, _offset(text, mark))
    return text[start:end]


def not_utf8(line: bytes, start: int, offset: int) -> tuple[int, str]:
    """(column, message) for a line of the file whose byte at `start` (`offset` in the file) is not UTF-8."""
    before = line[:start].decode("utf-8")
    after = line[start:].decode("utf-8", "backslashreplace").rstrip("\r\n")
    excerpt = (("..." if len(before) > 20 else "") + before[-20:].lstrip()
               + after[:20] + ("..." if len(after) > 20 else ""))
    return len(before) + 1, (f"not UTF-8 text (byte 0x{line[start]:02x} at offset {offset}, in `{excerpt}`); "
                             "save the file as UTF-8")


def excerpt(text: str, mark: yaml.Mark) -> str:
    """The text of a YAML file from a mark to the end of its line, quoted."""
    return _quote(_rest_of_line(text, mark))


def _where(line: int, column: int) -> str:
    return f"line {line + 1} (column {column + 1})"


# Brackets are matched over at most this many characters (well under a second); beyond, in files
# that tools rather than people write, messages keep to what the parser itself reports.
_SCAN_LIMIT = 4 * 2**20

# What a scan for brackets stops at; the rest is skipped at the speed of the regex engine.
_YAML_STOPS = re.compile(r"[\[\]{}\"'#]")
_QUOTED = {'"': re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL), "'": re.compile(r"'(?:[^']|'')*'")}


def _flow_closer(text: str, start: int) -> int | None:
    """Offset of the bracket that closes the YAML flow collection opened at `start`, or None.

    Quoted scalars and comments are skipped; a quote counts only where a scalar can start
    (after a space, a line start or one of `[{,:`), so an apostrophe in `it's` opens nothing.
    """
    depth = 0
    index = start
    while (stop := _YAML_STOPS.search(text, index)) is not None:
        index = stop.start()
        char = text[index]
        previous = text[index - 1] if index > start else " "
        if char in "\"'" and (previous.isspace() or previous in "[{,:"):
            index = _after_quoted(text, index)
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
        index += 1
    return None


def _after_quoted(text: str, start: int) -> int:
    """Offset just after the quoted scalar or string starting at `start` (the end of text if unclosed)."""
    closed = _QUOTED[text[start]].match(text, start)
    return closed.end() if closed else len(text)


def yaml_problem(name: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """The problem to report for a YAML syntax error, at the line where the mistake starts."""
    context, problem = error.context or "", error.problem or ""
    start, gave_up = error.context_mark, error.problem_mark
    if start is not None and gave_up is not None:
        if context in _FLOW:
            what, opener, closer = _FLOW[context]
            opened = _offset(text, start)
            scan = len(text) - opened <= _SCAN_LIMIT
            if scan and text[opened:opened + 1] == opener and _flow_closer(text, opened) is None:
                return Problem(name, start.line + 1, start.column + 1, "", (
                    f"invalid YAML: the {what} opened at {_where(start.line, start.column)} is never closed "
                    f"(no '{closer}' after {_quote(_rest_of_line(text, start))}); "
                    f"the parser gave up at {_where(gave_up.line, gave_up.column)}, {_found(text, gave_up)}"))
        if context == "while scanning a quoted scalar" and problem in _UNCLOSED_QUOTE:
            return Problem(name, start.line + 1, start.column + 1, "", (
                f"invalid YAML: the quoted string opened at {_where(start.line, start.column)} is never closed "
                f"({_quote(_rest_of_line(text, start))}); "
                f"{_UNCLOSED_QUOTE[problem]} at line {gave_up.line + 1}"))
        if context == "while scanning a simple key":
            key = _quote(_rest_of_line(text, start))
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
                f"invalid YAML: {_quote(_whole_line(text, gave_up))} {reason} (did not find expected key)"))
    mark = gave_up or start
    if mark is None:
        return Problem(name, None, None, "", f"invalid YAML: {'; '.join(p for p in (context, problem) if p)}")
    message = f"invalid YAML: {problem or context}"
    if problem.startswith("found character") and problem.endswith("that cannot start any token"):
        char = _rest_of_line(text, mark)[:1]
        message = f"invalid YAML: found character {json.dumps(char)} that cannot start any token"
        if char == "\t":
            message += " (a tab: YAML indents with spaces only)"
    else:
        message += f", {_found(text, mark)}"
        if context and problem and start is not None and (start.line, start.column) != (mark.line, mark.column):
            message += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
        elif context and problem:
            message += f" ({context})"
    return Problem(name, mark.line + 1, mark.column + 1, "", message)


def _found(text: str, mark: yaml.Mark) -> str:
    """Where the parser gave up: in that line (quoted), or at the end of the line or file."""
    if _rest_of_line(text, mark).strip():
        return f"in {_quote(_whole_line(text, mark))}"
    if _offset(text, mark) >= len(text.rstrip()):
        return "at the end of the file"
    return "at the end of the line"


_JSON_KIND = {"{": ("mapping", "}"), "[": ("list", "]")}


_JSON_STOPS = re.compile(r'[\[\]{}"]')


def _open_brackets(text: str, end: int) -> tuple[list[int], tuple[int, int] | None, int | None]:
    """The offsets of the JSON brackets still open at `end`, outermost first; the first pair
    (opener, closer) on two lines whose closer is indented otherwise than the opener's line (in
    text laid out by a tool, the closer of an outer bracket taken by an inner one left open); and
    the offset of a string still open at `end`, if any."""
    stack: list[int] = []
    suspect: tuple[int, int] | None = None
    index = 0
    while (stop := _JSON_STOPS.search(text, index, end)) is not None:
        index = stop.start()
        char = text[index]
        if char == '"':
            after = _after_quoted(text, index)
            if after > end:
                return stack, suspect, index
            index = after
            continue
        if char in "[{":
            stack.append(index)
        elif stack:
            opened = stack.pop()
            on_two_lines = text.find("\n", opened, index) >= 0
            if suspect is None and on_two_lines and _indent(text, opened) != _indent(text, index):
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


def json_too_deep(name: str, text: str) -> Problem:
    """The problem for JSON nested deeper than the parser goes (Python's json recurses once per level,
    up to about a thousand; the YAML parser refuses more than 1,000): at the deepest bracket."""
    depth, deepest, where = 0, 0, None
    index = 0
    while (stop := _JSON_STOPS.search(text, index)) is not None:
        index = stop.start()
        char = text[index]
        if char == '"':
            index = _after_quoted(text, index)
            continue
        depth += 1 if char in "[{" else -1
        if depth > deepest:
            deepest, where = depth, index
        index += 1
    message = f"lists and objects nested {deepest:,} levels deep: more than this tool reads (about 1,000 at most)"
    if where is None:
        return Problem(name, None, None, "", message)
    line, column = _position(text, where)
    return Problem(name, line + 1, column + 1, "", f"{message}, at {_quote(text[where:where + _EXCERPT])}")


def json_problem(name: str, text: str, error: json.JSONDecodeError) -> Problem:
    """The problem to report for a JSON syntax error, at the line where the mistake starts."""
    reason = error.msg
    at_end = error.pos >= len(text.rstrip())
    if min(error.pos, len(text)) > _SCAN_LIMIT:
        return Problem(name, error.lineno, error.colno, "", (
            f"invalid JSON: {reason.removesuffix(' at')}, at {_json_token(text, error.pos)}"
            + (" (a bracket or string left open?)" if at_end else "")))
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
            f"invalid JSON: a ',' is missing after {_previous_value(text, before)}, before "
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


def _previous_value(text: str, end: int) -> str:
    """The JSON value that ends just before `end`, quoted: a string, a word or a closing bracket."""
    window = max(0, end - 200)
    last = text[end - 1:end]
    start = end - 1
    if last == '"':
        start = text.rfind('"', window, end - 1)
        while start >= 0 and _escaped(text, start):
            start = text.rfind('"', window, start)
        if start < 0:  # a string longer than the window
            return _quote("..." + text[max(0, end - _EXCERPT + 3):end])
    elif last not in "]}":
        while start > window and (text[start - 1].isalnum() or text[start - 1] in "-+."):
            start -= 1
    return _quote(text[max(start, 0):end])


def _escaped(text: str, index: int) -> bool:
    """Whether the character at index follows an odd number of backslashes."""
    run = 0
    while index - run > 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1
