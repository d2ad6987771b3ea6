"""Writing decks as an Anki package (.apkg), with genanki.

One Anki note per card-bearing item: facts and plain cards are "Basic" notes,
reversed cards "Basic (and reversed card)", timeline events a two-card note
("when?" and "what happened?"), cloze items Anki cloze notes. The prompts are the
ones quiz-app shows, so an Anki card asks what the quiz-app card asks.

Note guids and deck ids derive from the deck and item ids, so exporting again and
importing into Anki updates the notes instead of adding copies. With progress, each
card carries its FSRS state and review log, so Anki carries on with the schedule.
"""

from __future__ import annotations

import html
import io
import json
import sqlite3
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from quiz_app.anki import AnkiError, stable_number
from quiz_app.generator import StudyCard, study_cards
from quiz_app.model import CLOZE_PATTERN, Cloze, Deck, FlashCard, Item, TimelineEvent
from quiz_app.scheduling import CardState, State, from_seconds, study_day, utc_seconds

_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: center; }\n"
_EXTRA = (
    "{{#Source}}<div class=source><i>{{Source}}</i></div>{{/Source}}"
    "{{#Note}}<div class=note>{{Note}}</div>{{/Note}}"
)


def _template(name: str, question: str, answer: str) -> dict[str, str]:
    return {
        "name": name,
        "qfmt": "{{" + question + "}}",
        "afmt": "{{FrontSide}}<hr id=answer>{{" + answer + "}}" + _EXTRA,
    }


def _model(
    name: str, fields: Sequence[str], templates: list[dict[str, str]], **kw: object
) -> genanki.Model:
    return genanki.Model(
        stable_number("quiz-app note type", name),
        name,
        fields=[{"name": f} for f in fields],
        templates=templates,
        css=_CSS,
        **kw,
    )


BASIC = _model(
    "quiz-app Basic",
    ("Prompt", "Answer", "Source", "Note"),
    [_template("Card 1", "Prompt", "Answer")],
)
REVERSED = _model(
    "quiz-app Basic (and reversed card)",
    ("Front", "Back", "Source", "Note"),
    [_template("Card 1", "Front", "Back"), _template("Card 2", "Back", "Front")],
)
TIMELINE = _model(
    "quiz-app Timeline",
    ("Event", "Date", "When", "What", "Source", "Note"),
    [_template("When", "When", "Date"), _template("What happened", "What", "Event")],
)
CLOZE = _model(
    "quiz-app Cloze",
    ("Text", "Source", "Note"),
    [
        {
            "name": "Cloze",
            "qfmt": "{{cloze:Text}}",
            "afmt": "{{cloze:Text}}" + _EXTRA,
        }
    ],
    model_type=genanki.Model.CLOZE,
)


def field_html(text: str | None) -> str:
    """Deck text as an Anki field: HTML special characters escaped, line breaks kept."""
    return html.escape(text or "", quote=False).replace("\n", "<br>")


def cloze_html(cloze: Cloze) -> str:
    """`{{a}} … {{b}}` as Anki's `{{c1::a}} … {{c2::b}}`: one card per deletion, as here."""
    parts, last = [], 0
    for number, match in enumerate(CLOZE_PATTERN.finditer(cloze.text), start=1):
        parts.append(field_html(cloze.text[last : match.start()]))
        parts.append(f"{{{{c{number}::{field_html(match.group(1))}}}}}")
        last = match.end()
    parts.append(field_html(cloze.text[last:]))
    return "".join(parts)


def anki_ord(card: StudyCard) -> int:
    """Which of its note's Anki cards a quiz-app card is (the template's or cloze's index)."""
    if card.kind.startswith("cloze-"):
        return int(card.kind.removeprefix("cloze-")) - 1
    return 1 if card.kind in ("what", "back") else 0


def note_guid(deck_id: str, item_id: str) -> str:
    return genanki.guid_for("quiz-app", deck_id, item_id)


def deck_number(deck_id: str) -> int:
    return stable_number("quiz-app deck", deck_id, high=1 << 31)


def _note(deck: Deck, item: Item, cards: Sequence[StudyCard]) -> genanki.Note:
    source, note = field_html(item.source), field_html(item.note)
    by_kind = {card.kind: card for card in cards}
    model: genanki.Model
    if isinstance(item, TimelineEvent):
        model = TIMELINE
        fields = [
            field_html(by_kind["what"].answer),
            field_html(by_kind["when"].answer),
            field_html(by_kind["when"].prompt),
            field_html(by_kind["what"].prompt),
        ]
    elif isinstance(item, Cloze):
        model, fields = CLOZE, [cloze_html(item)]
    else:
        first = cards[0]
        reverse = isinstance(item, FlashCard) and item.reverse
        model = REVERSED if reverse else BASIC
        fields = [field_html(first.prompt), field_html(first.answer)]
    return genanki.Note(
        model=model,
        fields=[*fields, source, note],
        tags=list(deck.tags_of(item)),
        guid=note_guid(deck.id, item.id),
    )


@dataclass
class Progress:
    """A learner's progress to carry into Anki: card states and reviews, by card id."""

    states: Mapping[str, CardState | None]
    counts: Mapping[str, tuple[int, int]]  # card id -> (reps, lapses)
    reviews: Mapping[str, list] = field(default_factory=dict)  # card id -> ReviewRecords
    desired_retention: float = 0.9


@dataclass(frozen=True)
class ExportSummary:
    decks: int
    notes: int
    cards: int
    reviews: int


def write_package(
    decks: Iterable[Deck],
    path: Path,
    now: datetime,
    progress: Progress | None = None,
) -> ExportSummary:
    """Write `decks` to `path` as one .apkg; `now` stamps the notes (a later export is
    newer, so Anki takes its text)."""
    anki_decks, notes, by_guid = [], 0, {}
    for deck in decks:
        anki_deck = genanki.Deck(deck_number(deck.id), deck.title, field_html(deck.description))
        grouped: dict[str, list[StudyCard]] = {}
        for card in study_cards(deck):
            grouped.setdefault(card.item_id, []).append(card)
        for item in deck.items:
            cards = grouped.get(item.id)
            if not cards:
                continue
            anki_deck.add_note(_note(deck, item, cards))
            by_guid[note_guid(deck.id, item.id)] = {anki_ord(card): card.id for card in cards}
            notes += 1
        anki_decks.append(anki_deck)
    db = sqlite3.connect(":memory:")
    try:
        genanki.Package(anki_decks).write_to_db(
            db.cursor(), now.timestamp(), _ids_from(int(now.timestamp() * 1000))
        )
        rows = db.execute(
            "SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid"
        ).fetchall()
        card_of = {by_guid[guid][ord_]: card_id for card_id, guid, ord_ in rows}
        reviews = _write_progress(db, card_of, progress) if progress else 0
        db.commit()
        collection = db.serialize()
    finally:
        db.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("collection.anki2", collection)
        package.writestr("media", "{}")
    try:
        path.write_bytes(buffer.getvalue())
    except OSError as error:
        raise AnkiError(f"cannot write {path}: {error.strerror}") from error
    return ExportSummary(len(anki_decks), notes, len(rows), reviews)


def _ids_from(start: int) -> Iterable[int]:
    value = start
    while True:
        yield value
        value += 1


_DAY = timedelta(days=1)


def _interval(state: CardState | None, at: datetime) -> int:
    """Anki's interval: days for a review card, negative seconds while learning."""
    if state is None:
        return 0
    if state.state == State.Review:
        return max(1, round((state.due - at) / _DAY))
    return -max(0, int((state.due - at).total_seconds()))


_REVLOG_TYPE = {"new": 0, "learning": 0, "review": 1, "relearning": 2}


def _write_progress(db: sqlite3.Connection, card_of: dict[str, int], progress: Progress) -> int:
    """Give each exported card its FSRS state and its review log, as Anki stores them."""
    # A review card's due is a day number counted from the collection's creation day.
    created = study_day(from_seconds(db.execute("SELECT crt FROM col").fetchone()[0]))
    written = 0
    for card_id, anki_id in card_of.items():
        state = progress.states.get(card_id)
        if state is not None:
            reps, lapses = progress.counts.get(card_id, (0, 0))
            review = state.state == State.Review
            memory = {"dr": progress.desired_retention}
            if state.stability is not None and state.difficulty is not None:
                memory |= {"s": state.stability, "d": state.difficulty}
            if state.last_review is not None:
                memory["lrt"] = utc_seconds(state.last_review)
            db.execute(
                "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = 2500, "
                "reps = ?, lapses = ?, left = ?, data = ? WHERE id = ?",
                (
                    int(state.state),
                    2 if review else 1,
                    (study_day(state.due) - created).days if review else utc_seconds(state.due),
                    _interval(state, state.last_review or state.due) if review else 0,
                    reps,
                    lapses,
                    0 if review else 1,
                    json.dumps(memory, separators=(",", ":")),
                    anki_id,
                ),
            )
        for record in progress.reviews.get(card_id, ()):
            db.execute(
                "INSERT OR IGNORE INTO revlog VALUES (?, ?, -1, ?, ?, ?, 2500, ?, ?)",
                (
                    record.review_id,
                    anki_id,
                    int(record.rating),
                    _interval(record.after, record.reviewed_at),
                    _interval(record.before, record.reviewed_at),
                    record.duration_ms or 0,
                    _REVLOG_TYPE[record.kind],
                ),
            )
            written += 1
    return written
