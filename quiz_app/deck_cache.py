"""Parsed decks kept between runs, so that start-up need not parse YAML and build cards.

One JSON file per deck file in HOME/cache, holding the validated deck and its study card
ids. An entry is used only while everything that shaped it is unchanged: the deck
file (path, size, modification and change times, inode) and the code that reads it
(quiz-app's version and the source files of the loader, model and generator). Anything
else, a missing, damaged or stale file included, is a miss, and a miss parses the deck as
usual. Decks with problems are never cached, so that their problems are shown every time.

Why JSON: the data folder may sit on a synced drive, so a file in HOME/cache may have
been written by someone else. A pickle runs code while it loads; JSON can only ever give
back lists, dicts, strings and numbers, needs no dependency (msgpack would) and no key
kept elsewhere (an HMAC-signed pickle would). Only a regular file is read: no FIFO, device
or link, nothing bigger than MAX_ENTRY_BYTES, no control character. The key is compared
before the deck is built, and the deck is built with each value's type checked against
the model, so a planted or damaged file is a miss: never code, never a crash. Items are
stored as lists in field order and built a field at a time for all the items of a
section at once, the checks and conversions in bulk: a bundled deck reads back in about
3 ms, 1.5 to 2 times what unpickling it takes. Deleting the folder is always safe.

Start-up reads only what lists a deck (its `DeckSummary`, kept beside it) and its card
ids: the deck model is not even imported then. An entry is two lines of JSON, the key,
summary and card ids first, then the deck's items, so that start-up decodes only the
first (decoding the items of both bundled decks cost it 10 M instructions, 1 % of the
time to the home screen). The items are checked and built when the deck is first opened
(`build_deck`); an entry whose items turn out damaged then is a miss too, and the caller
parses the deck file instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import itertools
import json
import os
import re
import tempfile
import types
import typing
from collections.abc import Callable, Sequence
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import quiz_app
from quiz_app.paths import read_small_file

if TYPE_CHECKING:  # the model is imported when a deck's items are built, not at start-up
    from quiz_app.model import Deck

FORMAT = 5  # bump when the stored shape changes
SUFFIX = ".json"
MAX_ENTRY_BYTES = 64 * 2**20  # far above any deck the loader accepts (5 MB of YAML)
# Only names this cache writes are ever pruned: <32 hex digits>.json, its temporary
# files (mkstemp's 8 random characters), and the .pickle entries of older versions.
_OWN_NAME = re.compile(r"[0-9a-f]{32}(\.json(\.[a-z0-9_]{8}\.tmp)?|\.pickle)")
# Bytes `save` never writes: raw C0 controls and DEL (JSON escapes them), and C1 controls
# in UTF-8 (\xc2\x80 to \xc2\x9f). Deleting every other byte leaves little to look at.
_HARMLESS_BYTES = bytes(set(range(0x20, 0x100)) - {0x7F, 0xC2})
_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
# A control character (or surrogate) written as a JSON escape: `save` writes none, since
# decks hold none and it writes other text as it is (ensure_ascii=False).
_ESCAPED_CONTROL = re.compile(r"\\u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F])")
# The modules whose code decides what a deck file becomes: editing one (in a checkout)
# must not serve decks or card ids made by the old code.
_SHAPING_MODULES = ("loader.py", "model.py", "dates.py", "generator.py", "checker.py")


class CacheKey(NamedTuple):
    """What an entry was made from: the code that reads decks, and the deck file."""

    code: tuple[object, ...]
    path: str  # resolved
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


class DeckSummary(NamedTuple):
    """What lists a deck (home, the command palette) without its items."""

    id: str
    title: str
    language: str
    source: str | None
    description: str | None
    renamed_from: tuple[str, ...]
    tags: tuple[str, ...]  # of the deck and its items, sorted: `Deck.all_tags`
    sizes: tuple[int, int, int, int]  # its events, facts, cards and cloze items

    @classmethod
    def of(cls, deck: Deck) -> DeckSummary:
        sizes = (len(deck.timeline), len(deck.facts), len(deck.cards), len(deck.cloze))
        return cls(
            deck.id,
            deck.title,
            deck.language,
            deck.source,
            deck.description,
            deck.renamed_from,
            deck.all_tags,
            sizes,
        )


class CachedDeck(NamedTuple):
    """An entry as start-up reads it: the deck's summary and card ids, and its items' line
    as stored (not yet decoded nor checked), for `DeckCache.build_deck` when the deck is
    opened."""

    summary: DeckSummary
    card_ids: tuple[str, ...]
    record: bytes


def _summary(record: object) -> DeckSummary:
    """The summary stored in an entry, each value's type checked; or _Miss."""
    if type(record) is not list:
        raise _Miss
    deck_id, title, language, source, description, renamed_from, tags, sizes = record  # or a miss
    if not (
        _of_types([deck_id, title, language], {str})
        and _of_types([source, description], {str, type(None)})
        and _list_of(renamed_from, str)
        and _list_of(tags, str)
        and _list_of(sizes, int)
        and len(sizes) == 4
    ):
        raise _Miss
    return DeckSummary(
        deck_id, title, language, source, description, *map(tuple, (renamed_from, tags, sizes))
    )


def _of_types(values: list[object], types: set[type]) -> bool:
    """Whether each value is of one of `types` exactly (True is no int here)."""
    return set(map(type, values)) <= types


def _list_of(value: object, cls: type) -> bool:
    return type(value) is list and _of_types(value, {cls})


def cache_dir(home: Path) -> Path:
    return home / "cache"


def _raw_control(data: bytes) -> bool:
    """Whether the UTF-8 `data` holds a control character as it is (not escaped)."""
    suspicious = data.translate(None, _HARMLESS_BYTES)  # C0, DEL and the lead byte of C1s
    if suspicious.replace(b"\xc2", b""):
        return True
    return bool(suspicious) and _C1_CONTROL.search(data) is not None


def _escaped_control(text: str) -> bool:
    """Whether the JSON `text` holds an escaped control character: a `\\u` escape that an
    even number of backslashes precedes (after an odd number it is deck text)."""
    for found in _ESCAPED_CONTROL.finditer(text):
        before = found.start()
        while before > 0 and text[before - 1] == "\\":
            before -= 1
        if (found.start() - before) % 2 == 0:
            return True
    return False


def _code_fingerprint() -> tuple[object, ...]:
    package = Path(quiz_app.__file__).parent
    stats: list[object] = []
    for name in _SHAPING_MODULES:
        try:
            found = (package / name).stat()
            stats.append([name, found.st_size, found.st_mtime_ns])
        except OSError:  # compiled-only installs: the version alone decides
            stats.append([name, None, None])
    return (FORMAT, quiz_app.__version__, stats)


class _Miss(Exception):
    """A cache file that is not exactly what `save` writes."""


def _json_value(value: object) -> object:
    """What json.dumps cannot write itself (it writes tuples, strings, numbers, StrEnums):
    a dataclass as the list of its fields' values in the plan's order, a date as ISO text."""
    from quiz_app.dates import DateSpec  # noqa: PLC0415  # saving: a deck was parsed, imported

    if isinstance(value, DateSpec):
        return value.iso()
    if isinstance(value, Path):
        return None  # not stored: where a deck is, the caller says
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, name) for name, *_ in _plan(type(value))]
    raise TypeError(f"the deck cache cannot store {type(value).__name__}")


# How each field is read back, for all the records of a class at once (start-up reads
# thousands of items): the JSON types its values may have, and what turns the column of
# that field's values into the model's (None: taken as they are), or raises _Miss.
Column = Sequence[typing.Any]
Convert = Callable[[Column], Column] | None
Plan = tuple[tuple[str, frozenset[type], Convert], ...]


def _field_plan(hint: object) -> tuple[frozenset[type], Convert]:
    from quiz_app.dates import DateSpec  # noqa: PLC0415  # a deck being built: not at start-up

    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and type(None) in arguments:
        (inner,) = (argument for argument in arguments if argument is not type(None))
        accepted, convert = _field_plan(inner)
        return accepted | {type(None)}, None if convert is None else _optional(convert)
    if origin is tuple:
        return frozenset({list}), _elements(*_field_plan(arguments[0]))
    if origin is typing.Literal:
        return frozenset({str}), lambda column: column if set(column) <= set(arguments) else _miss()
    if hint is DateSpec:
        return frozenset({str}), lambda column: tuple(map(DateSpec.parse, column))  # DateError
    if hint is Path:
        return frozenset({type(None)}), None  # not stored: where a deck is, the caller says
    if hint in (str, int, bool):
        return frozenset({hint}), None  # type() is exact: True is no int here
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        members = {member.value: member for member in hint}  # faster than calling the enum
        return frozenset({str, int}), lambda column: tuple(map(members.__getitem__, column))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return frozenset({list}), lambda column: _build(hint, column)
    raise TypeError(f"the deck cache cannot store {hint}: teach deck_cache._field_plan")


def _optional(convert: Callable[[Column], Column]) -> Callable[[Column], Column]:
    """`convert` applied to the values that are not None, all at once."""

    def convert_present(column: Column) -> Column:
        present = [index for index, value in enumerate(column) if value is not None]
        converted = list(column)
        for index, value in zip(present, convert([column[i] for i in present]), strict=True):
            converted[index] = value
        return converted

    return convert_present


def _elements(accepted: frozenset[type], convert: Convert) -> Callable[[Column], Column]:
    """A column of lists made tuples, their elements checked (and converted) all at once."""

    def tuples(column: Column) -> Column:
        elements = list(itertools.chain.from_iterable(column))
        if not set(map(type, elements)) <= accepted:
            raise _Miss
        if convert is None:
            return tuple(map(tuple, column))
        converted = iter(convert(elements))
        return tuple(tuple(itertools.islice(converted, len(value))) for value in column)

    return tuples


def _miss() -> typing.NoReturn:
    raise _Miss


@functools.cache  # the hints are read once per class: they cost more than a deck
def _plan(cls: type) -> Plan:
    hints = typing.get_type_hints(cls)
    return tuple(
        (field.name, *_field_plan(hints[field.name]))
        for field in dataclasses.fields(cls)
        if field.init
    )


def _build(cls: type, records: Column) -> tuple[typing.Any, ...]:
    """Instances of `cls` from JSON records (lists of field values in the plan's order),
    each field checked and converted for every record at once; or _Miss."""
    plan = _plan(cls)
    if not records:
        return ()
    if set(map(type, records)) != {list} or set(map(len, records)) != {len(plan)}:
        raise _Miss
    columns = []
    for (_name, accepted, convert), column in zip(plan, zip(*records, strict=True), strict=True):
        if not set(map(type, column)) <= accepted:
            raise _Miss
        columns.append(column if convert is None else convert(column))
    return tuple(map(cls, *columns))


class DeckCache:
    """The cache of one home dir. Reading and writing never raise."""

    def __init__(self, home: Path) -> None:
        self.folder = cache_dir(home)
        self._code = _code_fingerprint()

    def key(self, path: Path) -> CacheKey | None:
        """What the entry for `path` must have been made from; None if `path` cannot be read."""
        try:
            found = path.stat()
            resolved = str(path.resolve())
        except OSError:
            return None
        return CacheKey(
            self._code, resolved, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino
        )

    def _file(self, key: CacheKey) -> Path:
        name = sha256(key.path.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return self.folder / f"{name}{SUFFIX}"

    def load(self, path: Path, key: CacheKey) -> CachedDeck | None:
        """The summary, card ids and stored items cached for `path` under `key`, or None."""
        try:
            # No FIFO, device or link: someone else may have planted one under the name.
            entry = read_small_file(self._file(key), MAX_ENTRY_BYTES, follow_links=False)
            head, newline, record = entry.partition(b"\n")
            if not newline:
                return None
            stored = _decoded(head)
            # The key first: nothing of a stale or foreign entry is used.
            if not isinstance(stored, dict) or stored.get("key") != _key_record(key):
                return None
            card_ids = stored["card_ids"]
            if type(card_ids) is not list or set(map(type, card_ids)) - {str}:
                return None
            return CachedDeck(_summary(stored["summary"]), tuple(card_ids), record)
        except Exception:  # missing, truncated, planted, written by other code: all a miss
            return None

    @staticmethod
    def build_deck(cached: CachedDeck, path: Path) -> Deck | None:
        """The deck of an entry `load` gave, its items built (each value's type checked
        against the model); None if they are not what `save` writes (a miss)."""
        from quiz_app.model import Deck  # noqa: PLC0415  # a deck opened: not at start-up

        try:
            (deck,) = _build(Deck, [_decoded(cached.record)])
        except Exception:  # planted or damaged: the caller parses the deck file instead
            return None
        if DeckSummary.of(deck) != cached.summary:
            return None  # not what `save` writes: the summary is the deck's own
        return dataclasses.replace(deck, path=path)

    def holds(self, key: CacheKey) -> bool:
        """Whether the entry for `key`'s file was made from `key`, as its first bytes say:
        cheap, to know before start-up which decks need parsing. `load` checks it all."""
        head = _entry_head(key)
        try:
            with open(self._file(key), "rb") as handle:
                return handle.read(len(head)) == head
        except OSError:
            return False

    def save(self, key: CacheKey, deck: Deck, card_ids: tuple[str, ...]) -> None:
        """Keep a valid deck for next time; `key` was taken before the file was read, so a
        file changed while it was read is parsed again next time."""
        target = self._file(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(
                dir=self.folder, prefix=f"{target.name}.", suffix=".tmp"
            )
        except OSError:  # a read-only or full disk: the decks still load, only slower
            return
        head = {"key": _key_record(key), "card_ids": card_ids, "summary": DeckSummary.of(deck)}
        try:
            text = f"{_json(head)}\n{_json(deck)}"  # JSON escapes every newline in a value
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, target)  # atomic: another instance reads old or new
        except (OSError, ValueError):  # ValueError: text that cannot be written as UTF-8
            Path(temporary).unlink(missing_ok=True)

    def prune(self, keys: list[CacheKey]) -> None:
        """Remove the entries of deck files that are gone, and leftover temporary files.
        Files of other names are not the cache's: they are left alone."""
        keep = {self._file(key).name for key in keys}
        try:
            stale = [
                entry
                for entry in self.folder.iterdir()
                if _OWN_NAME.fullmatch(entry.name) and entry.name not in keep
            ]
        except OSError:
            return
        for entry in stale:
            with contextlib.suppress(OSError):
                entry.unlink()


def _decoded(line: bytes) -> object:
    """A line of an entry, decoded; or _Miss if it holds a control character, which the
    loader refuses and `save` never writes: not the cache's file."""
    text = line.decode("utf-8")  # strict: no surrogates
    if _raw_control(line) or _escaped_control(text):
        raise _Miss
    return json.loads(text)


def _json(value: object) -> str:
    """An entry, or its part, as `save` writes it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_value)


def _entry_head(key: CacheKey) -> bytes:
    """How the entry made from `key` starts (its key comes first)."""
    return _json({"key": _key_record(key)})[:-1].encode("utf-8", "surrogatepass") + b","


def _key_record(key: CacheKey) -> list[object]:
    """The key as JSON gives it back: lists for tuples."""
    return json.loads(json.dumps(key))
