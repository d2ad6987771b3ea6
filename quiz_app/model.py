"""The deck model: what a validated deck file holds, and what can be wrong with a deck file.

Plain data, no behaviour beyond lookups (and `per_deck`, to keep what is worked out of
a loaded deck)."""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Literal, TypeVar

from quiz_app.dates import DateSpec
from quiz_app.i18n import _

Language = Literal["fr", "en"]
LANGUAGES: tuple[str, ...] = ("fr", "en")

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
CLOZE_PATTERN = re.compile(r"\{\{(.+?)\}\}")


class AnswerType(StrEnum):
    """What an answer is. Multiple-choice options are always of the answer's type."""

    YEAR = "year"
    DATE = "date"
    NUMBER = "number"
    PERSON = "person"
    PLACE = "place"
    COUNTRY = "country"
    ORGANISATION = "organisation"
    OPERATION = "operation"
    ACRONYM = "acronym"  # an acronym, or what one stands for
    NAME = "name"  # another proper name
    TERM = "term"  # a short common word or phrase
    TEXT = "text"  # a sentence: too long to type, or to guess from its length


GENDERS = ("f", "m")


@dataclass(frozen=True)
class Kind:
    """An answer's type, with its grammatical gender when the deck gives one (`person-f`):
    in French the prompt agrees with it, so options of another gender would give it away."""

    type: AnswerType
    gender: str | None = None

    @classmethod
    def parse(cls, text: str) -> Kind | None:
        base, _, gender = text.rpartition("-")
        if base and gender in GENDERS and base in AnswerType.__members__.values():
            return cls(AnswerType(base), gender)
        if text in AnswerType.__members__.values():
            return cls(AnswerType(text))
        return None

    def __str__(self) -> str:
        return f"{self.type}-{self.gender}" if self.gender else str(self.type)


def slug(text: str) -> str:
    """An id made from any text: 'Défense européenne' -> 'defense-europeenne'."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain)) or "my-deck"


@dataclass(frozen=True)
class Item:
    """What every item has. `line` is where it starts in the deck file (1-based)."""

    id: str
    tags: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None
    line: int = 0


@dataclass(frozen=True)
class TimelineEvent(Item):
    date: DateSpec = field(default=None)  # type: ignore[assignment]
    event: str = ""


@dataclass(frozen=True)
class Fact(Item):
    question: str = ""
    answer: str = ""
    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    kind: Kind | None = None  # None: inferred from the answer


@dataclass(frozen=True)
class FlashCard(Item):
    front: str = ""
    back: str = ""
    reverse: bool = False
    kind: Kind | None = None  # of the back
    distractors: tuple[str, ...] = ()  # wrong backs


@dataclass(frozen=True)
class Blank:
    """What the author says of one cloze deletion, named by its text."""

    answer: str
    kind: Kind | None = None
    distractors: tuple[str, ...] = ()
    line: int = 0
    accept: tuple[str, ...] = ()  # other right wordings of a typed blank


@dataclass(frozen=True)
class Cloze(Item):
    text: str = ""
    kind: Kind | None = None  # of every deletion without its own
    distractors: tuple[str, ...] = ()  # for every deletion without its own
    blanks: tuple[Blank, ...] = ()

    @property
    def deletions(self) -> list[str]:
        return CLOZE_PATTERN.findall(self.text)

    def blank(self, answer: str) -> Blank:
        """The author's word on a deletion, falling back on the item's kind and distractors."""
        for blank in self.blanks:
            if blank.answer == answer:
                return Blank(
                    answer,
                    blank.kind or self.kind,
                    blank.distractors or self.distractors,
                    blank.line,
                    blank.accept,
                )
        return Blank(answer, self.kind, self.distractors, self.line)


ItemT = TypeVar("ItemT", bound=Item)


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    language: Language
    path: Path | None = None
    source: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    facts: tuple[Fact, ...] = ()
    cards: tuple[FlashCard, ...] = ()
    cloze: tuple[Cloze, ...] = ()
    renamed_from: tuple[str, ...] = ()  # earlier ids of the deck: their progress is its own

    @property
    def items(self) -> tuple[Item, ...]:
        return self.timeline + self.facts + self.cards + self.cloze

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def tags_of(self, item: Item) -> tuple[str, ...]:
        """An item's tags, with the deck's own tags first."""
        return tuple(dict.fromkeys(self.tags + item.tags))

    @property
    def all_tags(self) -> tuple[str, ...]:
        """Every tag of the deck and its items, sorted."""
        return tuple(sorted({tag for item in self.items for tag in self.tags_of(item)}))

    def tagged(self, tags: Collection[str]) -> Deck:
        """The deck with only the items that have any of `tags` (the deck's own count)."""
        wanted = set(tags)

        def keep(items: tuple[ItemT, ...]) -> tuple[ItemT, ...]:
            return tuple(item for item in items if wanted.intersection(self.tags_of(item)))

        return replace(
            self,
            timeline=keep(self.timeline),
            facts=keep(self.facts),
            cards=keep(self.cards),
            cloze=keep(self.cloze),
        )


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a deck file, at a 1-based line and column.

    `fix` says what to do about it in plain words; `excerpt` is the offending line of the
    file, shown under the message with a caret. A warning does not stop the deck loading."""

    path: str
    line: int
    column: int
    message: str
    fix: str = field(default="", compare=False)
    excerpt: str = field(default="", compare=False)
    warning: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        message = _("warning: {error}").format(error=self.message) if self.warning else self.message
        return f"{self.path}:{self.line}:{self.column}: {message}"

    def report(self, width: int = 100, *, excerpt: bool = True) -> str:
        """The message, then the offending line with a caret under the column, then the fix.
        A line longer than `width` is shown around the column, cut with '…'."""
        lines = [str(self)]
        if self.excerpt and excerpt:
            gutter = " " * len(str(self.line))
            shown = self.excerpt.expandtabs(1)  # one column per character, tabs included
            caret = self.column - 1
            if len(shown) > width:
                start = max(0, min(caret - width // 2, len(shown) - width))
                cut = shown[start : start + width]
                shown = ("…" if start else "") + cut + ("…" if start + width < len(shown) else "")
                caret += (1 if start else 0) - start
            lines += [f" {self.line} | {shown}", f" {gutter} | {' ' * caret}^"]
        if self.fix:
            gutter = f" {' ' * len(str(self.line))} " if excerpt else ""
            lines.append(gutter + _("= fix: {fix}").format(fix=self.fix))
        return "\n".join(lines)


_T = TypeVar("_T")


def per_deck(build: Callable[[Deck], _T]) -> Callable[[Deck], _T]:
    """`build(deck)` kept for as long as that loaded deck lives. Keyed by identity: hashing a
    frozen deck hashes every item, which on a big deck costs more than the lookup saves."""
    cache: dict[int, _T] = {}

    @functools.wraps(build)
    def cached(deck: Deck) -> _T:
        key = id(deck)
        if key not in cache:
            cache[key] = build(deck)
            weakref.finalize(deck, cache.pop, key, None)
        return cache[key]

    return cached
