"""The usual YAML slips of a deck author, explained in plain words with the fix.

libyaml reports a syntax error in its own terms ("mapping values are not allowed in
this context", "did not find expected key"). Looking at the line it points to is
usually enough to tell which slip it was: text that needed quotes, a tab, a quote never
closed, a line out of step with the ones above. `explain` says so in a beginner's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from quiz_app.i18n import N_, _

# What a character at the start of unquoted text makes YAML do instead of reading text.
STARTS_SOMETHING_ELSE = {
    "[": N_("the start of a list"),
    "{": N_("the start of a mapping"),
    "*": N_("a reference to an anchor"),
    "&": N_("an anchor"),
    "!": N_("a tag"),
    "@": N_("a reserved character"),
    "`": N_("a reserved character"),
    "%": N_("a directive"),
    "|": N_("the start of a block of text on the next lines"),
    ">": N_("the start of a block of text on the next lines"),
}
QUOTES = "\"'"

# `key: value` on one line, after an optional list dash: the value and where it starts.
_KEY_VALUE = re.compile(
    r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s#'\"][^:#]*?):[ \t]+(?P<value>\S.*)$"
)
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)-\s+(?P<key>[^\s#'\"][^:#]*:(\s|$))?")
_DASH_WITHOUT_SPACE = re.compile(r"^\s*-[^\s-]")
_COLON_WITHOUT_SPACE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w.-]*:(?=[^\s:])")


@dataclass(frozen=True)
class Explanation:
    line: int  # 1-based
    column: int  # 1-based
    message: str
    fix: str


def quoted(text: str) -> str:
    """The text as a double-quoted YAML string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_fix(key: str, value: str) -> str:
    return _("put the whole text in quotes: {key}: {quoted}").format(
        key=key, quoted=quoted(value.rstrip())
    )


def special_start(key: str, value: str, line: int, column: int) -> Explanation:
    """Unquoted text whose first character YAML reads as something else."""
    first = value[0]
    if first in QUOTES:
        return Explanation(
            line,
            column,
            _(
                "this text starts with a quote ({quote}), so YAML expects it to end at the next "
                "{quote}, and the words after it are left over"
            ).format(quote=first),
            quote_fix(key, value),
        )
    return Explanation(
        line,
        column,
        _(
            "text that starts with '{first}' must be in quotes: YAML reads '{first}' as {what}"
        ).format(first=first, what=_(STARTS_SOMETHING_ELSE[first])),
        quote_fix(key, value),
    )


def special_start_of_value(text: str, line: int, column: int) -> Explanation | None:
    """When the value starting at (line, column) begins with a special character."""
    key_value = _special_value_at(text, line, column)
    return special_start(*key_value, line, column) if key_value else None


def _special_value_at(text: str, line: int, column: int) -> tuple[str, str] | None:
    """The key and value of a `key: value` line whose value starts at (line, column) with
    a special character."""
    match = _KEY_VALUE.match(_line(text, line))
    if match is None or match.start("value") + 1 != column:
        return None
    if match["value"][0] not in STARTS_SOMETHING_ELSE and match["value"][0] not in QUOTES:
        return None
    return match["key"], match["value"]


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _indent(source: str) -> int:
    """Columns before the first key of a line, counting a list dash as indentation."""
    match = re.match(r"\s*(?:-\s+)?", source)
    return match.end() if match else 0


def _previous_content_line(text: str, line: int) -> int:
    """The nearest line above `line` that holds more than blanks or a comment (0 if none)."""
    for number in range(line - 1, 0, -1):
        stripped = _line(text, number).strip()
        if stripped and not stripped.startswith("#"):
            return number
    return 0


def explain(text: str, error: yaml.MarkedYAMLError) -> Explanation:
    """What the author got wrong, where, and how to fix it."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = error.context_mark
    source = _line(text, line)

    tab = _tab_near(text, line, column, problem)
    if tab is not None:
        return tab
    if "quoted scalar" in context and opened is not None:
        return _unclosed_quote(text, opened.line + 1, opened.column + 1)
    if ("flow sequence" in context or "flow mapping" in context) and opened is not None:
        return _unclosed_bracket(text, opened.line + 1, opened.column + 1)
    for number in (line, opened.line + 1 if opened else 0):
        explained = _special_start_on(text, number)
        if explained is not None:
            return explained
    previous = _previous_content_line(text, line)
    for number in (line, previous):
        if _DASH_WITHOUT_SPACE.match(_line(text, number)):
            dash = _line(text, number).index("-") + 1
            return Explanation(
                number,
                dash,
                _("a list item needs a space after its '-'"),
                _("write '- ' (a dash and a space) before the item's first key"),
            )
    for number in (line, opened.line + 1 if opened else 0):
        colon = _COLON_WITHOUT_SPACE.match(_line(text, number))
        if colon is not None:
            key = colon.group().strip().lstrip("- ")
            return Explanation(
                number,
                colon.end(),
                _("a key needs a space after its ':'"),
                _("write {key} followed by a space, then the value").format(key=key),
            )
    if "mapping values are not allowed" in problem:
        match = _KEY_VALUE.match(source)
        if match is not None and match.start("value") < column:
            return Explanation(
                line,
                column,
                _("this text contains ': ', which YAML reads as the start of another key"),
                quote_fix(match["key"], match["value"]),
            )
    misplaced_item = _misplaced_list_item(text, line)
    if misplaced_item is not None:
        return misplaced_item
    if previous and (
        "mapping values are not allowed" in problem
        or "expected key" in problem
        or "expected '-' indicator" in problem
        or "expected <block end>" in problem  # PyYAML's own parser, for the same slips
    ):
        return _misaligned(text, line, previous)
    if "could not find expected ':'" in problem and opened is not None:
        return Explanation(
            opened.line + 1,
            opened.column + 1,
            _("this line has no ':' after its key"),
            _("write the key, a colon and a space, then the value: title: My deck"),
        )
    return Explanation(
        line,
        column,
        _("YAML cannot read the file from here"),
        _("check the quotes, brackets and indentation of this line and of the line above"),
    )


def _tab_near(text: str, line: int, column: int, problem: str) -> Explanation | None:
    for number in (line, line - 1):
        source = _line(text, number)
        indent = source[: len(source) - len(source.lstrip())]
        if "\t" in indent:
            return _tab(number, indent.index("\t") + 1)
    if "tab" in problem or _line(text, line)[column - 1 : column] == "\t":
        return _tab(line, column)
    return None


def _tab(line: int, column: int) -> Explanation:
    return Explanation(
        line,
        column,
        _("this line is indented with a tab: YAML indentation must be spaces"),
        _("replace the tab with spaces (set your editor to insert spaces for the Tab key)"),
    )


def _unclosed_quote(text: str, line: int, column: int) -> Explanation:
    quote = _line(text, line)[column - 1 : column] or '"'
    inside = '\\"' if quote == '"' else "''"
    return Explanation(
        line,
        column,
        _("the quote ({quote}) that opens this text is never closed").format(quote=quote),
        _(
            "end the text with {quote} on the same line; to write a {quote} inside it, type {inside}"
        ).format(quote=quote, inside=inside),
    )


def _unclosed_bracket(text: str, line: int, column: int) -> Explanation:
    if (_line(text, line)[column - 1 : column] or "[") == "[":
        message = _("the '[' here starts a list that is never closed")
        fix = _("if this is a list, close it with ']'")
    else:
        message = _("the '{' here starts a mapping that is never closed")
        fix = _("if this is a mapping, close it with '}'")
    if (key_value := _special_value_at(text, line, column)) is not None:
        key, value = key_value
        fix = _("{fix}; if it is text, put the whole text in quotes: {key}: {quoted}").format(
            fix=fix, key=key, quoted=quoted(value.rstrip())
        )
    return Explanation(line, column, message, fix)


def _special_start_on(text: str, line: int) -> Explanation | None:
    match = _KEY_VALUE.match(_line(text, line))
    if match is None:
        return None
    return special_start_of_value(text, line, match.start("value") + 1)


def _misplaced_list_item(text: str, line: int) -> Explanation | None:
    """A '- ' item whose dash is not under the dashes of the items above it: the nearest
    item above of the same shape (a '- key: value' item, or a '- value' one), up to the
    section's key at the start of a line."""
    dash = _LIST_ITEM.match(_line(text, line))
    if dash is None:
        return None
    column = dash.end("indent") + 1
    above: list[tuple[int, int, bool]] = []  # line, dash column, starts with a key
    for number in range(line - 1, 0, -1):
        source = _line(text, number)
        if source.strip() and not source[0].isspace() and not source.startswith(("-", "#")):
            break  # the section's key: its items are below it
        if (match := _LIST_ITEM.match(source)) is not None:
            above.append((number, match.end("indent") + 1, bool(match["key"])))
    alike = [item for item in above if item[2] == bool(dash["key"])] or above
    if not alike or alike[0][1] == column:
        return None
    number, wanted, _keyed = alike[0]
    message = (
        _(
            "this list item is indented more than the item above it (line {line}), "
            "so YAML cannot tell which list it belongs to"
        )
        if column > wanted
        else _(
            "this list item is indented less than the item above it (line {line}), "
            "so YAML cannot tell which list it belongs to"
        )
    )
    return Explanation(
        line,
        column,
        message.format(line=number),
        _("start its '- ' at column {column}, like the item above").format(column=wanted),
    )


def _misaligned(text: str, line: int, previous: int) -> Explanation:
    source, above = _line(text, line), _line(text, previous)
    indent, wanted = len(source) - len(source.lstrip()), _indent(above)
    if not above.rstrip().endswith(":") and indent != wanted:
        return Explanation(
            line,
            indent + 1,
            _(
                "this line is indented more than the line above, so YAML cannot tell "
                "what it belongs to"
            )
            if indent > wanted
            else _(
                "this line is indented less than the line above, so YAML cannot tell "
                "what it belongs to"
            ),
            _(
                "start it at column {column}, like the line above, if it is another key "
                "of the same item"
            ).format(column=wanted + 1),
        )
    return Explanation(
        line,
        indent + 1,
        _("this line does not line up with the keys around it"),
        _("indent every key of one item by the same number of spaces"),
    )
