"""Load and validate deck files. Every problem is reported as `path:line:col: message`.

The YAML is composed into PyYAML's node tree (by libyaml's C parser when available), and
nothing in a file is ever constructed as a Python object: no tags, no anchors, no aliases,
each refused where it is written. Then the tree is checked against the field specs below,
collecting every problem in the file rather than stopping at the first.
"""

from __future__ import annotations

import codecs
import dataclasses
import difflib
import functools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quiz_app import collector
from quiz_app.dates import DateError, DateSpec
from quiz_app.i18n import _, active
from quiz_app.model import (
    CLOZE_PATTERN,
    ID_PATTERN,
    LANGUAGES,
    AnswerType,
    Blank,
    Cloze,
    Deck,
    Fact,
    FlashCard,
    Item,
    Kind,
    Problem,
    TimelineEvent,
    slug,
)
from quiz_app.paths import deck_files
from quiz_app.textsafe import first_unsafe
from quiz_app.yaml_mistakes import explain, quoted

try:
    from yaml import CBaseLoader as _Loader  # libyaml's C parser
except ImportError:  # PyYAML built without libyaml: its own parser, the same nodes and marks
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FLOW_DEPTH = 100  # libyaml slows quadratically on deeply nested [[[[…]]]], then crashes
MAX_DEPTH = 64  # below MAX_FLOW_DEPTH: composing stops before libyaml's trouble starts

# Plain (unquoted) scalars that YAML 1.2, as editors read it, takes for null or booleans:
# never valid text. `yes`, `no`, `on` and `off` are text in YAML 1.2.
_PLAIN_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN_BOOLS = {
    word: value
    for lower, value in (("true", True), ("false", False))
    for word in (lower, lower.capitalize(), lower.upper())
}
_PLAIN_NOT_TEXT = _PLAIN_NULLS | _PLAIN_BOOLS.keys()
# YAML 1.1 booleans that YAML 1.2 reads as text: a boolean field names them in its message.
_OLD_BOOLS = frozenset(
    word
    for lower in ("yes", "no", "on", "off", "y", "n")
    for word in (lower, lower.capitalize(), lower.upper())
)
# Plain scalars that YAML 1.2 reads as decimal numbers: an id written so is not text to
# an editor (whole numbers are allowed as ids on both sides).
_PLAIN_FLOAT = re.compile(
    r"^[-+]?(\.[0-9_]+|[0-9][0-9_]*\.[0-9_]*|[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+)$"
)
# Anki's cloze syntax, {{c1::text}} or {{c1::text::hint}}.
_ANKI_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}")
# Explicit tags that only restate what the scalar already is.
_HARMLESS_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
) | {"!"}


class DeckError(Exception):
    """A deck file that cannot be used. `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


# --- The YAML tree -------------------------------------------------------------------
# PyYAML's nodes, each with the marks of where it starts and ends. A plain (unquoted)
# scalar has no style ("" from libyaml, None from PyYAML's own parser).

_BLOCK_STYLES = ("|", ">")


def _text_of(node: ScalarNode) -> str:
    """A scalar's text: a block's (`|`, `>`) final line break is not part of it."""
    return node.value.rstrip("\n") if node.style in _BLOCK_STYLES else node.value


def _line(node: Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1


class _NodesOnly:
    """A composer that resolves no tag (nothing is constructed from its nodes) and stops
    before nesting goes deeper than MAX_DEPTH.

    The composer calls the three functions at each node: they are closures, set on the
    instance, as an attribute of a C parser's instance costs several times a closure's
    variable to read and write (a fifth of composing a deck)."""

    def __init__(self, text: str | bytes) -> None:
        super().__init__(text)  # type: ignore[call-arg]
        depth = 0  # of the node being composed

        def descend_resolver(parent: Node | None, index: object) -> None:
            nonlocal depth
            depth += 1

        def ascend_resolver() -> None:
            nonlocal depth
            depth -= 1

        def resolve(kind: type[Node], value: str | None, implicit: object) -> None:
            if depth > MAX_DEPTH and kind is not ScalarNode:
                raise yaml.YAMLError("nesting too deep")  # told at its place by _refuse_events

        self.descend_resolver, self.ascend_resolver = descend_resolver, ascend_resolver
        self.resolve = resolve


class Composer(_NodesOnly, _Loader):
    """Composes a file's nodes in C, with libyaml (where it is installed)."""


class PythonComposer(_NodesOnly, yaml.BaseLoader):
    """Composes with PyYAML's own parser: what Composer is where libyaml is missing."""


class _FatalYaml(Exception):
    def __init__(self, line: int, column: int, message: str, fix: str = "") -> None:
        self.line, self.column, self.message, self.fix = line, column, message, fix


def _quote_this(first: str) -> str:
    return _("if this is text that starts with '{first}', put the whole text in quotes").format(
        first=first
    )


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return _("a mapping")
    if isinstance(node, SequenceNode):
        return _("a list")
    assert isinstance(node, ScalarNode)
    if not node.style and node.value in _PLAIN_NULLS:
        return _("nothing")
    if not node.style and node.value in _PLAIN_BOOLS:
        return _("the boolean {value}").format(value=node.value)
    return _("text {text}").format(text=_short(_text_of(node)))


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _line_column(text: str | bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character (or byte) offset."""
    newline = "\n" if isinstance(text, str) else b"\n"
    return text.count(newline, 0, offset) + 1, offset - (text.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]


# Brackets, and what holds brackets that are text: quoted scalars (a quote opens one only
# where a value starts: at the start or after a space or one of `[{,:`) and comments (a
# `#` after a space). Each branch starts with its character and looks back after it, so
# that the search skips from one of these characters to the next (20 times faster than
# looking back first, on a bundled deck).
_BRACKET_OR_TEXT = re.compile(
    r"""([\[\]{}])"""
    r'|"(?<![^\s\[{,:]")[^"\\]*(?:\\.[^"\\]*)*"'
    r"""|'(?<![^\s\[{,:]')[^']*(?:''[^']*)*'"""
    r"""|#(?<!\S#)[^\n]*"""
)


def _flow_depth_violation(text: str) -> tuple[int, int] | None:
    """Where `[`/`{` nesting first passes MAX_FLOW_DEPTH; brackets in quotes are text."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    brackets = _BRACKET_OR_TEXT.findall(text)  # "" for a quoted scalar or a comment
    if max(_depths(brackets), default=0) <= MAX_FLOW_DEPTH:  # no match objects: faster
        return None
    for match, depth in zip(_BRACKET_OR_TEXT.finditer(text), _depths(brackets), strict=True):
        if depth > MAX_FLOW_DEPTH:
            return _line_column(text, match.start())
    return None


def _depths(brackets: Iterable[str]) -> Iterator[int]:
    """The nesting depth after each bracket ("" for none)."""
    depth = 0
    for bracket in brackets:
        if bracket:
            depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        yield depth


# Where an anchor (&name), an alias (*name) or a tag (!name) may start: not right after a
# letter or a digit, where `&` is text (R&D), and with a name after it (a quote or a space
# there is not one: an error that composing reports, or the harmless tag `!`).
_NODE_PROPERTY = re.compile(r"(?<!\w)[&*!][^\s\"']")


def _may_hold_node_properties(text: str) -> bool:
    """Whether an anchor, an alias or a tag may be written in the file. Each of the three
    characters is looked for with `str.find`: few decks hold any, and a regular expression
    over the whole text would cost a tenth of composing it."""
    for sign in "&*!":
        at = text.find(sign)
        while at >= 0:
            if _NODE_PROPERTY.match(text, at):  # its look-behind sees the character before
                return True
            at = text.find(sign, at + 1)
    return False


def _compose(text: str, utf8: bytes) -> Node | None:
    """The file's node tree, composed in C from `utf8`, the text's UTF-8 bytes (which
    libyaml reads as they are: given the text, PyYAML would encode it again). Where the file
    may hold an anchor, an alias or a tag, or where composing fails, the parser's events
    tell first what is wrong, at its place (composing in C keeps no trace of anchors and
    does not say where nesting went too deep)."""
    if _may_hold_node_properties(text):
        _refuse_events(text)
    composer = Composer(utf8)
    try:
        return composer.get_single_node()
    except yaml.YAMLError:
        _refuse_events(text)  # the same error, or a second document or nesting before it
        raise
    finally:
        composer.dispose()


def _refuse_events(text: str) -> None:
    """Raises at the first thing in the file a deck may not hold, in the parser's order: a
    YAML error, an anchor, an alias, an explicit tag, nesting deeper than MAX_DEPTH, a
    second document."""
    composer = Composer(text)
    open_collections = documents = 0
    try:
        for event in iter(composer.get_event, None):
            mark = event.start_mark
            assert mark is not None  # the parsers mark every event
            line, column = mark.line + 1, mark.column + 1
            if isinstance(event, yaml.AliasEvent):
                raise _FatalYaml(
                    line,
                    column,
                    _("YAML aliases (*name) are not allowed in decks"),
                    _quote_this("*"),
                )
            if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and (
                event.anchor is not None
                or (event.tag is not None and event.tag not in _HARMLESS_TAGS)
            ):
                _refuse(event, line, column)
            if isinstance(event, yaml.CollectionStartEvent):
                if open_collections >= MAX_DEPTH:
                    raise _FatalYaml(
                        line, column, _("nesting deeper than {n} levels").format(n=MAX_DEPTH)
                    )
                open_collections += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                open_collections -= 1
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _FatalYaml(
                        line,
                        column,
                        _("a deck file holds one YAML document; found a second '---'"),
                    )
    finally:
        composer.dispose()


def _refuse(
    event: yaml.ScalarEvent | yaml.CollectionStartEvent, line: int, column: int
) -> NoReturn:
    """An anchor or an explicit tag: deck files hold plain data."""
    if event.anchor is not None:
        raise _FatalYaml(
            line,
            column,
            _("YAML anchors (&{anchor}) are not allowed in decks").format(anchor=event.anchor),
            _quote_this("&"),
        )
    tag = (event.tag or "").replace("tag:yaml.org,2002:", "!!")
    raise _FatalYaml(
        line,
        column,
        _("YAML tag {tag!r} is not allowed: deck files hold plain data").format(tag=tag),
        _quote_this("!"),
    )


# A comment right after plain text, on its line (`#` glued to the next word), to the line's
# end (as str.splitlines ends lines).
_GLUED_COMMENT = re.compile(r"[ \t]+(#\S[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*)")
# A double-quoted scalar's escape that makes a character other than itself (all but `\"`
# and `\\`).
_ESCAPE = re.compile(r'\\[^"\\]')


def _may_hold_escapes(text: str) -> bool:
    return "\\" in text and _ESCAPE.search(text) is not None


# --- The checker ---------------------------------------------------------------------


class _Checker:
    """Walks the tree against the field specs (below), turning nodes into values and noting
    problems. Each value is checked once, by the method its spec names."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text_of_file = text  # where a comment may follow a plain text
        # YAML refuses control characters written as they are, and reads a line break as
        # "\n": only a double-quoted scalar's escape (`\e`, `\x9b`…) can make one.
        self.escapes = _may_hold_escapes(text)
        self.problems: list[Problem] = []
        self.item = ""  # the id of the item being checked, when it has a valid one
        self._entry_names: dict[str, str] = {}

    def entry_name(self, name: str) -> str:
        """ "an entry of 'tags'": what an element of a list is called in a problem, translated
        once per file (a deck has a list in nearly every item)."""
        if name not in self._entry_names:
            self._entry_names[name] = _("an entry of {name!r}").format(name=name)
        return self._entry_names[name]

    def problem(self, node: Node, message: str, fix: str = "", *, warning: bool = False) -> None:
        mark = node.start_mark
        self.problem_at(mark.line + 1, mark.column + 1, message, fix, warning=warning)

    def problem_at(
        self, line: int, column: int, message: str, fix: str = "", *, warning: bool = False
    ) -> None:
        self.problems.append(
            Problem(
                self.path, line, column, _item_prefix(self.item) + message, fix, warning=warning
            )
        )

    def mapping(self, node: Node, fields: Fields, what: str) -> dict[str, object] | None:
        if type(node) is not MappingNode:
            self.problem(
                node,
                _("{what} must be a mapping of keys to values, not {found}").format(
                    what=what, found=_describe(node)
                ),
            )
            return None
        values: dict[str, object] = {}
        seen: dict[str, ScalarNode] = {}
        meant: set[str] = set()  # keys misspelt: told once, as unknown ("did you mean")
        for key, value in node.value:
            if type(key) is not ScalarNode:
                self.problem(key, _("keys must be plain names"))
                continue
            name = key.value if not key.style else _text_of(key)
            if name in seen:
                if name == "id" and fields is not DECK_FIELDS:
                    self.problem(
                        key,
                        _(
                            "a second 'id' in one item (the first is at line {line}): "
                            "a new item must start with '- '"
                        ).format(line=_line(seen[name])),
                        _("write '- id: {id}' to start a new item here").format(id=_plain(value)),
                    )
                    break  # the keys below belong to the item that was meant: no more noise
                self.problem(
                    key,
                    _("duplicate key {name!r} (first at line {line})").format(
                        name=name, line=_line(seen[name])
                    ),
                    _("keep one of the two {name!r} lines: a key is written once in {what}").format(
                        name=name, what=what
                    ),
                )
                continue
            seen[name] = key
            spec = fields.get(name)
            if spec is None:
                self.unknown_key(key, name, fields, seen, meant, what)
            elif spec.check is not None:  # None: item lists, checked item by item
                converted = spec.check(self, value, name)
                if converted is not None:
                    values[name] = converted
        for name in fields.required:
            if name not in seen and name not in meant:
                self.problem(
                    node,
                    _("{what} is missing required key {name!r}").format(what=what, name=name),
                    _("add a line {name}: …").format(name=name),
                )
        return values

    def unknown_key(
        self,
        key: ScalarNode,
        name: str,
        fields: Fields,
        seen: dict[str, ScalarNode],
        meant: set[str],
        what: str,
    ) -> None:
        hint = difflib.get_close_matches(name, [s for s in fields if s not in seen], n=1)
        if hint:
            meant.add(hint[0])
            self.problem(
                key,
                _("unknown key {name!r} in {what}; did you mean {hint!r}?").format(
                    name=name, what=what, hint=hint[0]
                ),
                _("write {hint}: instead of {name}:").format(hint=hint[0], name=name),
            )
        else:
            self.problem(
                key,
                _("unknown key {name!r} in {what}").format(name=name, what=what),
                _("use one of: {keys}").format(keys=", ".join(fields)),
            )

    def text(self, node: Node, name: str) -> str | None:
        if type(node) is not ScalarNode:
            self.not_text(node, name)
            return None
        text, style = _text_of(node), node.style
        if not style and text in _PLAIN_NOT_TEXT:
            self.not_text(node, name)
            return None
        if not text or text.isspace():
            self.problem(node, _("{name!r} must not be empty").format(name=name))
            return None
        # isprintable() is False for every unsafe character (and for a few safe ones,
        # no-break spaces among them): a quick pass over most text
        if self.escapes and not text.isprintable() and (unsafe := first_unsafe(text)):
            self.problem(
                node,
                _(
                    "{name!r} holds the control character {character}: "
                    "deck text may hold no control characters but newline and tab"
                ).format(name=name, character=f"U+{ord(unsafe):04X}"),
            )
            return None
        if not style and (glued := _GLUED_COMMENT.match(self.text_of_file, node.end_mark.index)):
            self.glued_comment(node, text, glued)
        return text

    def not_text(self, node: Node, name: str) -> None:
        """The problem of a value that is not text: a list, a mapping, null or a boolean."""
        fix = (
            _("put it in quotes to mean the text: {name}: {quoted}").format(
                name=name, quoted=quoted(node.value)
            )
            if isinstance(node, ScalarNode) and node.value
            else ""
        )
        self.problem(
            node,
            _("{name!r} must be text, not {found}").format(name=name, found=_describe(node)),
            fix,
        )

    def glued_comment(self, node: ScalarNode, text: str, glued: re.Match[str]) -> None:
        """A warning for a comment that starts right after plain text, as in `TEU #lets a
        state`: `#` glued to a word reads like text, yet YAML drops the rest of the line."""
        comment = glued.group(1)
        self.problem_at(
            node.end_mark.line + 1,
            node.end_mark.column + 1 + glued.start(1) - glued.start(),
            _("the ' #' after {text} starts a comment: {comment} is not part of the text").format(
                text=_short(text), comment=_short(comment)
            ),
            _("to keep the '#', put the whole text in quotes: {quoted}").format(
                quoted=quoted(text + " " + comment)
            ),
            warning=True,
        )

    def identifier(self, node: Node, name: str) -> str | None:
        text = self.text(node, name)
        if text is None:
            return None
        if isinstance(node, ScalarNode) and not node.style and _PLAIN_FLOAT.match(text):
            self.problem(
                node,
                _("{name!r} {text} reads as a decimal number, not an id").format(
                    name=name, text=_short(text)
                ),
                _("put it in quotes: {quoted}").format(quoted=quoted(text)),
            )
            return None
        if not ID_PATTERN.match(text):
            self.problem(
                node,
                _(
                    "{name!r} {text} is not a valid id: use lowercase letters, digits, "
                    "'-', '_' and '.'"
                ).format(name=name, text=_short(text)),
                _("for example {id}").format(id=slug(text)),
            )
            return None
        return text

    def tags(self, node: Node, name: str) -> tuple[str, ...] | None:
        return self.entries(node, name, self.identifier)

    def texts(self, node: Node, name: str) -> tuple[str, ...] | None:
        return self.entries(node, name, self.text)

    def entries(
        self, node: Node, name: str, check: Callable[[Node, str], str | None]
    ) -> tuple[str, ...] | None:
        if type(node) is not SequenceNode:
            if isinstance(node, ScalarNode) and not node.style and node.value in _PLAIN_NULLS:
                return ()
            self.problem(
                node,
                _("{name!r} must be a list, not {found}").format(name=name, found=_describe(node)),
                _("write {name}: [first, second]").format(name=name),
            )
            return None
        entry = self.entry_name(name)
        return tuple([value for child in node.value if (value := check(child, entry)) is not None])

    def boolean(self, node: Node, name: str) -> bool | None:
        if isinstance(node, ScalarNode) and not node.style and node.value in _PLAIN_BOOLS:
            return _PLAIN_BOOLS[node.value]
        fix = _("write {name}: true or {name}: false").format(name=name)
        if isinstance(node, ScalarNode) and not node.style and node.value in _OLD_BOOLS:
            meant = "true" if node.value.lower() in ("yes", "on", "y") else "false"
            fix = _(
                "write {name}: {meant} (yes, no, on and off are text in YAML 1.2, "
                "as editors read it)"
            ).format(name=name, meant=meant)
        self.problem(
            node,
            _("{name!r} must be true or false, not {found}").format(
                name=name, found=_describe(node)
            ),
            fix,
        )
        return None

    def language(self, node: Node, name: str) -> str | None:
        text = self.text(node, name)
        if text is not None and text not in LANGUAGES:
            self.problem(
                node,
                _("language {text} is not supported").format(text=_short(text)),
                _("use one of {languages}").format(languages=", ".join(LANGUAGES)),
            )
            return None
        return text

    def kind(self, node: Node, name: str) -> Kind | None:
        text = self.text(node, name)
        if text is None:
            return None
        kind = _kind(text)
        if kind is None:
            hint = difflib.get_close_matches(text, _KIND_NAMES, n=1)
            self.problem(
                node,
                (
                    _("unknown kind {text}; did you mean {hint!r}?")
                    if hint
                    else _("unknown kind {text}")
                ).format(text=_short(text), hint=hint[0] if hint else ""),
                _("use one of {kinds}, with -f or -m for a grammatical gender").format(
                    kinds=", ".join(_KIND_NAMES)
                ),
            )
        return kind

    def date(self, node: Node, name: str) -> DateSpec | None:
        text = self.text(node, name)
        if text is None:
            return None
        try:
            return _date(text)
        except DateError as error:
            self.problem(node, str(error), error.fix)
            return None

    def blanks(self, node: Node, name: str) -> tuple[Blank, ...] | None:
        if type(node) is not SequenceNode:
            self.problem(
                node,
                _("{name!r} must be a list, not {found}").format(name=name, found=_describe(node)),
            )
            return None
        found = []
        entry = self.entry_name(name)
        for child in node.value:
            values = self.mapping(child, BLANK_FIELDS, entry)
            if values is not None and "answer" in values:
                found.append(_instance(Blank, values, _line(child)))
        return tuple(found)

    def items(self, section: str, node: Node) -> Iterator[tuple[Node, dict[str, object]]]:
        if isinstance(node, ScalarNode) and not node.style and node.value in _PLAIN_NULLS:
            return
        if type(node) is not SequenceNode:
            self.problem(
                node,
                _("{section!r} must be a list of items, not {found}").format(
                    section=section, found=_describe(node)
                ),
                _(
                    "start each item with '- ' (a dash and a space), its other keys lined up "
                    "under the first: - id: …"
                ),
            )
            return
        what = _("an item of {section!r}").format(section=section)
        for child in node.value:
            self.item = _item_id(child)
            values = self.mapping(child, ITEM_FIELDS[section], what)
            self.item = ""
            if values is not None:
                yield child, values


@functools.lru_cache(maxsize=256)
def _kind(text: str) -> Kind | None:
    """Kind.parse, once per spelling: a deck names a dozen kinds hundreds of times."""
    return Kind.parse(text)


@functools.lru_cache(maxsize=1024)
def _date(text: str) -> DateSpec:
    """DateSpec.parse, once per date written (a DateSpec cannot change): events share their
    years and months. A date that is wrong raises each time, in the language then spoken."""
    return DateSpec.parse(text)


# --- Field specs ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldSpec:
    # The checker's method that checks the value and makes it the model's (None for an
    # item list, checked item by item).
    check: Callable[[_Checker, Node, str], object] | None
    required: bool = False


class Fields(dict[str, FieldSpec]):
    """The keys of a mapping: what each holds, and which must be there."""

    def __init__(self, specs: dict[str, FieldSpec]) -> None:
        super().__init__(specs)
        self.required = frozenset(name for name, spec in specs.items() if spec.required)


_ID = FieldSpec(_Checker.identifier, required=True)
_TEXT = FieldSpec(_Checker.text)
_REQUIRED_TEXT = FieldSpec(_Checker.text, required=True)
_TEXTS = FieldSpec(_Checker.texts)
_TAGS = FieldSpec(_Checker.tags)
_KIND = FieldSpec(_Checker.kind)
COMMON_ITEM_FIELDS = {"id": _ID, "tags": _TAGS, "source": _TEXT, "note": _TEXT}
ITEM_FIELDS = {
    "timeline": Fields(
        {
            **COMMON_ITEM_FIELDS,
            "date": FieldSpec(_Checker.date, required=True),
            "event": _REQUIRED_TEXT,
        }
    ),
    "facts": Fields(
        {
            **COMMON_ITEM_FIELDS,
            "question": _REQUIRED_TEXT,
            "answer": _REQUIRED_TEXT,
            "accept": _TEXTS,
            "reject": _TEXTS,
            "distractors": _TEXTS,
            "kind": _KIND,
        }
    ),
    "cards": Fields(
        {
            **COMMON_ITEM_FIELDS,
            "front": _REQUIRED_TEXT,
            "back": _REQUIRED_TEXT,
            "reverse": FieldSpec(_Checker.boolean),
            "kind": _KIND,
            "distractors": _TEXTS,
        }
    ),
    "cloze": Fields(
        {
            **COMMON_ITEM_FIELDS,
            "text": _REQUIRED_TEXT,
            "kind": _KIND,
            "distractors": _TEXTS,
            "blanks": FieldSpec(_Checker.blanks),
        }
    ),
}
BLANK_FIELDS = Fields(
    {"answer": _REQUIRED_TEXT, "kind": _KIND, "distractors": _TEXTS, "accept": _TEXTS}
)
_KIND_NAMES = [str(kind) for kind in AnswerType]
DECK_FIELDS = Fields(
    {
        "deck": _ID,
        "title": _REQUIRED_TEXT,
        "language": FieldSpec(_Checker.language, required=True),
        "source": _TEXT,
        "description": _TEXT,
        "tags": _TAGS,
        "renamed_from": _TAGS,  # a list of ids, as tags are
        **{section: FieldSpec(None) for section in ITEM_FIELDS},
    }
)
ITEM_TYPES = {
    "timeline": TimelineEvent,
    "facts": Fact,
    "cards": FlashCard,
    "cloze": Cloze,
}


_ModelT = TypeVar("_ModelT", Item, Blank)


# The default of each field that has one, for each class the loader builds.
_DEFAULTS: dict[type, dict[str, object]] = {
    cls: {
        field.name: field.default
        for field in dataclasses.fields(cls)
        if field.default is not dataclasses.MISSING
    }
    for cls in (*ITEM_TYPES.values(), Blank)
}


def _instance(cls: type[_ModelT], values: dict[str, object], line: int) -> _ModelT:
    """`cls(line=line, **values)` for an item or a blank whose values are checked and whose
    required fields are all there. A frozen dataclass's __init__ sets its fields one call
    of object.__setattr__ at a time (a twentieth of loading a deck): here they are set at
    once. The model's classes have no __post_init__, so nothing is skipped (a test checks
    both)."""
    instance = object.__new__(cls)
    fields = instance.__dict__
    fields.update(_DEFAULTS[cls])
    fields.update(values)
    fields["line"] = line
    return instance


def _item_prefix(item_id: str) -> str:
    """What a problem found inside an item starts with: "item 'concordia': "."""
    if not item_id:
        return ""
    return _("item {id!r}: ").format(id=item_id)


def _item_id(node: Node) -> str:
    """The id an item gives itself, if it is a valid one."""
    value = _value_node(node, "id")
    if value is not node and isinstance(value, ScalarNode) and ID_PATTERN.match(_text_of(value)):
        return _text_of(value)
    return ""


def _value_node(node: Node, name: str) -> Node:
    """The node of a mapping's key `name` (the mapping itself when it has none)."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and _text_of(key) == name:
                return value
    return node


def _plain(node: Node) -> str:
    return _text_of(node) if isinstance(node, ScalarNode) else "…"


def _too_big(path: str, size: int) -> Problem:
    return Problem(
        path,
        1,
        1,
        _("file is {size} MB; a deck may be at most {limit} MB").format(
            size=active().decimal(size / 2**20), limit=MAX_FILE_BYTES // 2**20
        ),
        _("split it into several decks"),
    )


def _decode(path: str, data: bytes) -> str | Problem:
    if len(data) > MAX_FILE_BYTES:
        return _too_big(path, len(data))
    if b"\0" in data:
        offset = data.index(b"\0")
        return Problem(
            path,
            data.count(b"\n", 0, offset) + 1,
            1,
            _("this is a binary file, not a YAML deck"),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        return Problem(
            path,
            line,
            column,
            _("file is not UTF-8 (byte {byte}); save it as UTF-8").format(
                byte=f"0x{data[error.start]:02x}"
            ),
        )


def _parse_tree(path: str, text: str, utf8: bytes) -> Node | Problem:
    try:
        root = _compose(text, utf8)
    except (_FatalYaml, yaml.YAMLError) as error:
        # Brackets nested too deep are told as such, whatever libyaml made of them. Looked
        # for only in a file that does not compose (a search of the whole text): composing
        # stops at MAX_DEPTH, long before deep brackets slow libyaml down.
        if (where := _flow_depth_violation(text)) is not None:
            return Problem(
                path, *where, _("brackets nested deeper than {n} levels").format(n=MAX_FLOW_DEPTH)
            )
        return _yaml_problem(path, text, error)
    if root is None:
        return Problem(
            path,
            1,
            1,
            _("file is empty: a deck needs 'deck', 'title', 'language' and items"),
        )
    return root


def _yaml_problem(path: str, text: str, error: _FatalYaml | yaml.YAMLError) -> Problem:
    """What is wrong with a file that does not compose, said in plain words."""
    if isinstance(error, _FatalYaml):
        return Problem(path, error.line, error.column, error.message, error.fix)
    if isinstance(error, yaml.MarkedYAMLError):
        explained = explain(text, error)
        return Problem(path, explained.line, explained.column, explained.message, explained.fix)
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _line_column(text, error.position)
        return Problem(
            path,
            line,
            column,
            _("character {character} is not allowed in YAML").format(
                character=f"U+{error.character:04X}"
            ),
        )
    # anything else libyaml may raise: still one line
    return Problem(path, 1, 1, _("YAML error: {error}").format(error=" ".join(str(error).split())))


def check_text(path: str, data: bytes) -> tuple[Deck | None, list[Problem]]:
    """Validate a deck file's bytes. Returns the deck (None when invalid) and every problem."""
    text = _decode(path, data)
    if isinstance(text, Problem):
        return None, [text]
    with collector.paused():  # the tree is acyclic: collections would only cost time
        root = _parse_tree(path, text, data.removeprefix(codecs.BOM_UTF8))
        if isinstance(root, Problem):
            return None, _with_excerpts([root], text)
        problems: list[Problem] = []
        deck = _QuickLook(text).deck(root, Path(path))
        if deck is None:  # something to tell: the checker reads the whole file
            checker = _Checker(path, text)
            deck = _build_deck(checker, root, Path(path))
            problems = _with_excerpts(sorted(checker.problems), text)
        # Freed before the collector resumes, whose first collection then goes through
        # the deck alone, not through the tree too (a third of the objects parsing made).
        del root
    return (None if errors(problems) else deck), problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that make a deck unusable: all but the warnings."""
    return [problem for problem in problems if not problem.warning]


def _with_excerpts(problems: list[Problem], text: str) -> list[Problem]:
    """Each problem with the line of the file it points at."""
    if not problems:
        return problems
    lines = text.splitlines()
    return [
        dataclasses.replace(problem, excerpt=lines[problem.line - 1])
        if 0 < problem.line <= len(lines)
        else problem
        for problem in problems
    ]


def _build_deck(checker: _Checker, root: Node, path: Path) -> Deck | None:
    header = checker.mapping(root, DECK_FIELDS, _("the deck"))
    if header is None:
        return None
    assert isinstance(root, MappingNode)  # as mapping() found it
    sections = {
        _text_of(key): node
        for key, node in root.value
        if isinstance(key, ScalarNode) and _text_of(key) in ITEM_FIELDS
    }
    items: dict[str, list] = {section: [] for section in ITEM_FIELDS}
    first_seen: dict[str, int] = {}
    for section, node in sections.items():
        for item_node, values in checker.items(section, node):
            item_id = values.get("id")
            if isinstance(item_id, str):
                if item_id in first_seen:
                    checker.problem(
                        item_node,
                        _("duplicate id {id!r} (first used at line {line})").format(
                            id=item_id, line=first_seen[item_id]
                        ),
                    )
                else:
                    first_seen[item_id] = _line(item_node)
            cloze_text = values.get("text")
            if section == "cloze" and isinstance(cloze_text, str):
                checker.item = item_id if isinstance(item_id, str) else ""
                _check_cloze(checker, _value_node(item_node, "text"), cloze_text)
                _check_blanks(checker, cloze_text, values.get("blanks", ()))  # type: ignore[arg-type]
                checker.item = ""
            if values.keys() >= ITEM_FIELDS[section].required:
                items[section].append(_instance(ITEM_TYPES[section], values, _line(item_node)))
    if not errors(checker.problems) and not any(items.values()):
        checker.problem(
            root,
            _("the deck has no items: add 'timeline', 'facts', 'cards' or 'cloze' entries"),
        )
    if errors(checker.problems):
        return None
    return _deck(header, path, {section: tuple(found) for section, found in items.items()})


def _deck(header: dict[str, object], path: Path, sections: dict[str, tuple[Item, ...]]) -> Deck:
    """The deck of a file's checked header and items."""
    return Deck(
        id=header["deck"],  # type: ignore[arg-type]
        title=header["title"],  # type: ignore[arg-type]
        language=header["language"],  # type: ignore[arg-type]
        path=path,
        source=header.get("source"),  # type: ignore[arg-type]
        description=header.get("description"),  # type: ignore[arg-type]
        tags=header.get("tags", ()),  # type: ignore[arg-type]
        renamed_from=header.get("renamed_from", ()),  # type: ignore[arg-type]
        **sections,  # type: ignore[arg-type]
    )


def _check_blanks(checker: _Checker, text: str, blanks: tuple[Blank, ...]) -> None:
    deletions = CLOZE_PATTERN.findall(text)
    for blank in blanks:
        if blank.answer not in deletions:
            checker.problem_at(
                blank.line,
                9,
                _("blank {answer} is not a {deletion} of the text").format(
                    answer=_short(blank.answer), deletion="{{deletion}}"
                ),
                _("write its answer exactly as between the {braces}: {deletions}").format(
                    braces="{{ }}", deletions=", ".join(map(_short, deletions))
                ),
            )


def _check_cloze(checker: _Checker, node: Node, text: str) -> None:
    anki = _ANKI_CLOZE.search(text)
    if anki is not None:
        checker.problem(
            node,
            _("{anki} is Anki's cloze syntax: here the hidden words go alone in {braces}").format(
                anki=anki.group(), braces="{{ }}"
            ),
            _("write {ours} instead of {anki}").format(
                ours="{{" + anki.group(1) + "}}", anki=anki.group()
            ),
        )
    elif not CLOZE_PATTERN.search(text):
        checker.problem(
            node,
            _("cloze text has no {deletion}").format(deletion="{{deletion}}"),
            _("wrap the hidden words in double braces: {example}").format(
                example=_("The treaty was signed in {year}.").format(year="{{1957}}")
            ),
        )


# --- The quick look ------------------------------------------------------------------
# Nearly every deck read is valid. The quick look builds a valid deck straight from its
# tree, with the checker's tests inlined where they run thousands of times a file, and gives
# up at the first value that would make the checker say anything (an error or a warning):
# the checker then reads the whole file, so every problem is still told by it alone, in its
# order and at its place. Giving up is always safe, only slower: the quick look takes the
# common spellings only (plain keys, no duplicate, each value as the checker would take it).


class _Unsure(Exception):
    """The quick look leaves the file to the checker."""


def _may_glue_comments(text: str) -> bool:
    """Whether a comment may be glued to plain text somewhere in the file: a '#' after a
    space or a tab and before a non-space, as _GLUED_COMMENT finds after a plain scalar. Each
    '#' is looked at with str.find: a deck holds a few dozen, and a regular expression's
    search of the whole text costs a twentieth of the quick look."""
    at = text.find("#", 1)
    while at >= 0:
        if text[at - 1] in " \t" and not text[at + 1 : at + 2].isspace():
            return True
        at = text.find("#", at + 1)
    return False


class _QuickLook:
    def __init__(self, text: str) -> None:
        self.text_of_file = text
        # The checker that reads the rarer values (booleans, languages), quietly.
        self.checker = _Checker("", text)
        self.escapes = self.checker.escapes
        # Without a ' #' glued to a word anywhere, no plain scalar has a comment glued to it.
        self.glue = _may_glue_comments(text)
        self.ids: set[str] = set()  # plain scalars already found to be valid ids

    def deck(self, root: Node, path: Path) -> Deck | None:
        """The deck the checker would build without a word, or None."""
        try:
            header = self.values(root, DECK_FIELDS)
            sections = {name: self.items(name, header.pop(name, None)) for name in ITEM_FIELDS}
        except _Unsure:
            return None
        item_ids = [item.id for items in sections.values() for item in items]
        if not item_ids or len(set(item_ids)) < len(item_ids):  # no items, or an id twice
            return None
        if any(not _clean_cloze(item) for item in sections["cloze"]):
            return None
        return _deck(header, path, sections)

    def items(self, section: str, node: object) -> tuple[Item, ...]:
        if node is None or _is_plain_null(node):
            return ()
        if type(node) is not SequenceNode:
            raise _Unsure
        fields, cls = ITEM_FIELDS[section], ITEM_TYPES[section]
        return tuple(
            [
                _instance(cls, self.values(child, fields), child.start_mark.line + 1)
                for child in node.value
            ]
        )

    def values(self, node: Node, fields: Fields) -> dict[str, object]:
        """A mapping's values, as the checker's mapping() makes them."""
        if type(node) is not MappingNode:
            raise _Unsure
        values: dict[str, object] = {}
        for key, value in node.value:
            if type(key) is not ScalarNode or key.style:
                raise _Unsure
            name = key.value
            spec = fields.get(name)
            if spec is None or name in values:
                raise _Unsure
            check = spec.check
            if check is _text:  # most values
                values[name] = self.text(value)
            elif check is _identifier:
                values[name] = self.identifier(value)
            elif check is _tags:
                values[name] = self.identifiers(value)
            elif check is _texts:
                values[name] = tuple([self.text(child) for child in self.entries(value)])
            elif check is _kind_of:
                kind = _kind(self.text(value))
                if kind is None:
                    raise _Unsure
                values[name] = kind
            elif check is _date_of:
                try:
                    values[name] = _date(self.text(value))
                except DateError:
                    raise _Unsure from None
            elif check is _blanks:
                values[name] = self.blanks(value)
            elif check is None:  # an item list, read by items()
                values[name] = value
            else:  # a boolean or a language: the checker's own method, if it says nothing
                values[name] = self.quietly(check, value, name)
        if not fields.required <= values.keys():
            raise _Unsure
        return values

    def text(self, node: Node) -> str:
        """What _Checker.text returns without a word."""
        if type(node) is not ScalarNode:
            raise _Unsure
        text, style = node.value, node.style
        if not style:
            if text in _PLAIN_NOT_TEXT or (
                self.glue and _GLUED_COMMENT.match(self.text_of_file, node.end_mark.index)
            ):
                raise _Unsure
        elif style in _BLOCK_STYLES:
            text = text.rstrip("\n")
        if (
            not text
            or text.isspace()
            or (self.escapes and not text.isprintable() and first_unsafe(text))
        ):
            raise _Unsure
        return text

    def identifier(self, node: Node) -> str:
        """What _Checker.identifier returns without a word."""
        text = self.text(node)
        plain = not node.style  # type: ignore[attr-defined]  # a scalar, as text() found
        if (plain and _PLAIN_FLOAT.match(text)) or not ID_PATTERN.match(text):
            raise _Unsure
        if plain:
            self.ids.add(text)
        return text

    def identifiers(self, node: Node) -> tuple[str, ...]:
        """A list of ids (tags): a plain id already found valid in the file is taken as it
        is, unless a comment may be glued to it."""
        known = frozenset() if self.glue else self.ids
        return tuple(
            [
                child.value
                if type(child) is ScalarNode and not child.style and child.value in known
                else self.identifier(child)
                for child in self.entries(node)
            ]
        )

    def entries(self, node: Node) -> list[Node]:
        """A list's entries, as _Checker.entries reads them: none for a plain null."""
        if type(node) is not SequenceNode:
            if _is_plain_null(node):
                return []
            raise _Unsure
        return node.value

    def blanks(self, node: Node) -> tuple[Blank, ...]:
        if type(node) is not SequenceNode:
            raise _Unsure
        return tuple(
            [
                _instance(Blank, self.values(child, BLANK_FIELDS), child.start_mark.line + 1)
                for child in node.value
            ]
        )

    def quietly(
        self, check: Callable[[_Checker, Node, str], object], node: Node, name: str
    ) -> object:
        value = check(self.checker, node, name)
        if self.checker.problems or value is None:
            raise _Unsure
        return value


def _is_plain_null(node: object) -> bool:
    return type(node) is ScalarNode and not node.style and node.value in _PLAIN_NULLS


def _clean_cloze(item: Item) -> bool:
    """Whether _check_cloze and _check_blanks would say nothing of a cloze item."""
    assert isinstance(item, Cloze)
    if _ANKI_CLOZE.search(item.text):
        return False
    deletions = CLOZE_PATTERN.findall(item.text)
    return bool(deletions) and all(blank.answer in deletions for blank in item.blanks)


_text, _identifier, _tags, _texts = (
    _Checker.text,
    _Checker.identifier,
    _Checker.tags,
    _Checker.texts,
)
_kind_of, _date_of, _blanks = _Checker.kind, _Checker.date, _Checker.blanks


# --- Files and folders ---------------------------------------------------------------


def check_file(path: str | Path) -> tuple[Deck | None, list[Problem]]:
    """Validate one deck file, never raising: unreadable files are problems too."""
    shown = str(path)
    try:
        # O_NONBLOCK: a FIFO named as a deck must not hang `validate`; it is refused below.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            found = os.fstat(handle.fileno())
            if stat.S_ISDIR(found.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(found.st_mode):
                return None, [
                    Problem(shown, 1, 1, _("is not a file (a pipe or a device), not a deck"))
                ]
            size = found.st_size
            if size > MAX_FILE_BYTES:
                return None, [_too_big(shown, size)]
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return None, [Problem(shown, 1, 1, _("is a folder, not a deck file"))]
    except OSError as error:
        if isinstance(error, FileNotFoundError) and os.path.islink(path):
            broken = _("is a broken link (to {target})").format(target=os.readlink(path))
            return None, [Problem(shown, 1, 1, broken)]
        reason = _("cannot read: {reason}").format(reason=error.strerror or error)
        return None, [Problem(shown, 1, 1, reason)]
    return check_text(shown, data)


def load_deck(path: str | Path) -> Deck:
    """Load a valid deck, or raise DeckError listing every problem."""
    deck, problems = check_file(path)
    if deck is None:
        raise DeckError(problems)
    return deck


def load_decks(paths: Iterable[str | Path]) -> tuple[list[Deck], list[Problem]]:
    """Every valid deck under the paths, and the problems of the others."""
    decks: list[Deck] = []
    problems: list[Problem] = []
    for path in deck_files(paths):
        deck, found = check_file(path)
        problems.extend(found)
        if deck is not None:
            decks.append(deck)
    return decks, problems
