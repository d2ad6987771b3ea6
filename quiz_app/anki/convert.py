"""Turning Anki notes and spreadsheet rows into a quiz-app deck file.

Anki's basic notes become `cards`, "basic and reversed" notes reversed cards, cloze
notes `cloze` items; other note types give their first two fields as a card and are
counted as approximated. HTML becomes text with its line breaks; media is listed as
not imported. Item ids derive from the Anki note's guid (from the row for a table), so
importing the same notes again gives the same ids and keeps their progress.

The deck file is written with `yaml.safe_dump` (text stays data) and checked with the
loader before it is written; nothing else is written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from quiz_app import loader
from quiz_app.anki import AnkiError
from quiz_app.anki.reader import Collection, NoteType, asked_fields
from quiz_app.model import CLOZE_PATTERN, ID_PATTERN, Deck

# --- HTML to text ---------------------------------------------------------------------

_BLOCKS = {"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
_SOUND = re.compile(r"\[sound:([^\]]+)\]")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[str] = []
        self.hidden = 0

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._newline()
        elif tag in ("img", "audio", "video", "source"):
            self.media += [value for name, value in attrs if name == "src" and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """A field's text (line breaks kept, tags dropped) and the media files it refers to."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    media = parser.media + _SOUND.findall(text)
    text = _SOUND.sub("", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, media


# --- cloze ------------------------------------------------------------------------------

_ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)


def cloze_text(text: str) -> tuple[str, list[int]]:
    """Anki's `{{c1::answer::hint}}` as quiz-app's `{{answer}}` (hints dropped), with the
    Anki cloze number of each deletion in order."""
    numbers: list[int] = []

    def deletion(match: re.Match[str]) -> str:
        numbers.append(int(match[1]))
        return "{{" + " ".join(match[2].split()) + "}}"

    return _ANKI_CLOZE.sub(deletion, text), numbers


# --- building the deck --------------------------------------------------------------------


def stable_id(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=5).hexdigest()


def tag_id(tag: str) -> str | None:
    """An Anki tag as a deck id: `Geo::Europe` -> `geo.europe`; None if nothing is left."""
    plain = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9._-]+", "-", plain.lower().replace("::", "."))
    return text.strip("._-") or None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Summary:
    """What an import made and what it left out, for the learner."""

    notes: int = 0
    cards: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    approximated: Counter[str] = field(default_factory=Counter)
    media: list[str] = field(default_factory=list)
    reviews: int = 0

    def lines(self) -> list[str]:
        lines = [f"{self.notes} notes, {self.cards} cards"]
        lines += [f"skipped: {n} × {why}" for why, n in sorted(self.skipped.items())]
        lines += [f"approximated: {n} × {how}" for how, n in sorted(self.approximated.items())]
        if self.media:
            shown = ", ".join(sorted(set(self.media))[:10])
            more = len(set(self.media)) - 10
            lines.append(f"media not imported: {shown}" + (f" and {more} more" if more > 0 else ""))
        return lines


class DeckBuilder:
    """Collects items for one deck file, with unique ids and the summary."""

    def __init__(self) -> None:
        self.cards: list[dict[str, Any]] = []
        self.cloze: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.summary = Summary()

    def new_id(self, base: str) -> str:
        item_id, n = base, 1
        while item_id in self.ids:
            n += 1
            item_id = f"{base}-{n}"
        self.ids.add(item_id)
        return item_id

    @staticmethod
    def _common(item_id: str, tags: list[str], source: str, note: str) -> dict[str, Any]:
        item: dict[str, Any] = {"id": item_id}
        tag_ids = list(dict.fromkeys(t for t in map(tag_id, tags) if t))
        if tag_ids:
            item["tags"] = tag_ids
        if source:
            item["source"] = source
        if note:
            item["note"] = note
        return item

    def add_card(
        self,
        base_id: str,
        front: str,
        back: str,
        reverse: bool,
        tags: list[str],
        source: str = "",
        note: str = "",
    ) -> str | None:
        if not front or not back:
            self.summary.skipped["note with an empty front or back"] += 1
            return None
        item = self._common(self.new_id(base_id), tags, source, note)
        item |= {"front": front, "back": back}
        if reverse:
            item["reverse"] = True
        self.cards.append(item)
        self.summary.notes += 1
        self.summary.cards += 2 if reverse else 1
        return str(item["id"])

    def add_cloze(
        self, base_id: str, text: str, tags: list[str], source: str = "", note: str = ""
    ) -> str | None:
        deletions, leftover = CLOZE_PATTERN.findall(text), CLOZE_PATTERN.sub("", text)
        if "{{" in leftover or "}}" in leftover or not all(d.strip() for d in deletions):
            self.summary.skipped["cloze note with nested or empty deletions"] += 1
            return None
        if not deletions:
            self.summary.skipped["cloze note without a deletion"] += 1
            return None
        item = self._common(self.new_id(base_id), tags, source, note)
        item["text"] = text
        self.cloze.append(item)
        self.summary.notes += 1
        self.summary.cards += len(deletions)
        return str(item["id"])

    def deck_data(
        self, deck_id: str, title: str, language: str, description: str
    ) -> dict[str, Any]:
        if not ID_PATTERN.match(deck_id):
            raise AnkiError(
                f"{deck_id!r} is not a deck id: use lowercase letters, digits, - _ . (--deck-id)"
            )
        if not self.cards and not self.cloze:
            raise AnkiError("nothing to import: no note gave a card")
        data: dict[str, Any] = {
            "deck": deck_id,
            "title": title,
            "language": language,
            "description": description,
        }
        if self.cards:
            data["cards"] = self.cards
        if self.cloze:
            data["cloze"] = self.cloze
        return data


# --- Anki notes -----------------------------------------------------------------------------


def _role_fields(note_type: NoteType) -> tuple[int | None, int | None]:
    """Which fields hold a source quote and a note (by their names), if any."""
    names = [name.lower() for name in note_type.fields]

    def find(*candidates: str) -> int | None:
        return next((names.index(c) for c in candidates if c in names), None)

    return find("source"), find("note", "notes", "extra", "back extra")


def _kind(note_type: NoteType) -> str:
    """cloze, basic, reversed (two templates asking the first field, then the second),
    or other."""
    if note_type.is_cloze:
        return "cloze"
    asked = [asked_fields(question) for question in note_type.questions]
    fields = note_type.fields
    if len(fields) >= 2 and asked and fields[0] in asked[0]:
        if len(asked) == 1:
            return "basic"
        if len(asked) == 2 and fields[1] in asked[1]:
            return "reversed"
    return "other"


@dataclass(frozen=True)
class ImportedCard:
    """Where an Anki card went: the quiz-app item and card kind (for its review log)."""

    item_id: str
    kind: str


def add_collection(builder: DeckBuilder, collection: Collection) -> dict[int, ImportedCard]:
    """Add every note of the collection; returns the Anki card id -> quiz-app card map."""
    ords: dict[int, dict[int, int]] = {}  # note id -> {ord: card id}
    for card in collection.cards:
        ords.setdefault(card.note_id, {})[card.ord] = card.id
    mapped: dict[int, ImportedCard] = {}
    summary = builder.summary
    for note in collection.notes:
        note_type = collection.note_types.get(note.type_id)
        if note_type is None:
            summary.skipped["note whose note type is missing"] += 1
            continue
        texts = []
        for value in note.fields:
            text, media = html_to_text(value)
            texts.append(text)
            summary.media += media
        source_at, note_at = _role_fields(note_type)
        source = texts[source_at] if source_at is not None and source_at < len(texts) else ""
        extra = texts[note_at] if note_at is not None and note_at < len(texts) else ""
        base = "n" + stable_id(note.guid)
        cards = ords.get(note.id, {})
        kind = _kind(note_type)
        if kind == "cloze":
            if "image-occlusion:" in note.fields[0]:
                summary.skipped["image occlusion note"] += 1
                continue
            text, numbers = cloze_text(texts[0] if texts else "")
            item_id = builder.add_cloze(base, text, list(note.tags), source, extra)
            if item_id is None:
                continue
            if len(set(numbers)) != len(numbers):
                summary.approximated["cloze number used twice: each deletion is its own card"] += 1
            for anki_ord, card_id in cards.items():
                if anki_ord + 1 in numbers:
                    kind_name = f"cloze-{numbers.index(anki_ord + 1) + 1}"
                    mapped[card_id] = ImportedCard(item_id, kind_name)
            continue
        if len(texts) < 2:
            summary.skipped[f"note of type {note_type.name!r} with fewer than two fields"] += 1
            continue
        reverse = kind == "reversed" and 1 in cards
        if kind == "other":
            summary.approximated[
                f"note of type {note_type.name!r}: its first two fields as a card"
            ] += 1
        item_id = builder.add_card(
            base, texts[0], texts[1], reverse, list(note.tags), source, extra
        )
        if item_id is None:
            continue
        if 0 in cards:
            mapped[cards[0]] = ImportedCard(item_id, "front")
        if reverse:
            mapped[cards[1]] = ImportedCard(item_id, "back")
    return mapped


def collection_title(collection: Collection, fallback: str) -> str:
    """The name of the Anki deck the cards are in, when they are all in one."""
    used = {card.deck_id for card in collection.cards}
    names = {collection.deck_names.get(deck_id) for deck_id in used}
    names.discard(None)
    if len(names) == 1:
        return str(names.pop()).replace("::", " / ")
    return fallback


# --- the deck file --------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Never writes anchors and aliases: the loader refuses them."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def deck_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def checked_deck(data: dict[str, Any], path: Path) -> tuple[str, Deck]:
    """The deck file's text, once the loader accepts it (it is what `validate` checks)."""
    text = deck_yaml(data)
    deck, problems = loader.check_text(str(path), text.encode())
    if deck is None:
        shown = "; ".join(str(problem) for problem in problems[:5])
        raise AnkiError(f"the imported deck does not validate: {shown}")
    return text, deck
