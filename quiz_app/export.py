"""`quiz-app export`: every review and quiz answer as flat rows, written as CSV or JSON.

An export is opened in spreadsheets, and it lands where the learner says: so a text
cell that a spreadsheet would run as a formula gets a leading `'`, and a file is never
written over the progress database, a deck or the cache, and never half-written.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from quiz_app.backups import backups_dir
from quiz_app.deck_cache import cache_dir
from quiz_app.model import Deck
from quiz_app.paths import DECK_SUFFIXES, database_path
from quiz_app.scheduling import iso_utc
from quiz_app.store import ProgressStore

__all__ = [
    "EXPORT_COLUMNS",
    "export_rows",
    "refused_target",
    "write_atomically",
    "write_csv",
    "write_json",
]

# What a spreadsheet reads as the start of a formula (OWASP's list, with tab and CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = (
    "type",  # review | quiz_answer
    "time",  # ISO 8601, UTC
    "deck",
    "deck_removed",  # True: the deck has left the library (its answers are kept)
    "card_id",  # reviews
    "question_id",  # quiz answers
    "prompt",
    "rating",  # reviews: again, hard, good, easy
    "state_before",  # reviews: new, learning, review, relearning
    "quiz_id",
    "question_kind",
    "verdict",  # quiz answers: correct, typo, wrong
    "given",
    "expected",
    "duration_ms",
)


def export_rows(store: ProgressStore, decks: Sequence[Deck]) -> list[dict[str, Any]]:
    """Every review and every quiz answer, oldest first, as flat rows.

    A row holds only the columns of its type (see `EXPORT_COLUMNS`). Answers in
    decks that have left the library are kept, marked `deck_removed`: `quiz-app stats`
    counts them apart ("removed decks").
    """
    prompts = _prompts(decks)
    known = {deck.id for deck in decks}
    rows: list[dict[str, Any]] = [
        {
            "type": "review",
            "time": iso_utc(r.reviewed_at),
            "deck": r.deck_id,
            "deck_removed": r.deck_id not in known,
            "card_id": r.card_id,
            "prompt": prompts.get(r.card_id, ""),  # "" once the card has left its deck
            "rating": r.rating.name.lower(),
            "state_before": r.kind,
            "duration_ms": r.duration_ms,
        }
        for r in store.reviews()
    ]
    rows += [
        {
            "type": "quiz_answer",
            "time": iso_utc(a.answered_at),
            "deck": a.deck_id,
            "deck_removed": a.deck_id not in known,
            "question_id": a.question_id,
            "prompt": a.prompt,
            "quiz_id": a.quiz_id,
            "question_kind": a.kind,
            "verdict": a.verdict,
            "given": a.given,
            "expected": a.expected,
            "duration_ms": a.duration_ms,
        }
        for a in store.quiz_answers()
    ]
    rows.sort(key=lambda row: row["time"])  # stable: reviews before quiz answers of the same second
    return rows


def _prompts(decks: Iterable[Deck]) -> dict[str, str]:
    """Card id -> the prompt a learner saw, for the cards the decks yield now."""
    from quiz_app.generator import cards_of  # noqa: PLC0415

    return {card.id: card.prompt for deck in decks for card in cards_of(deck)}


def write_csv(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> None:
    """One table, a header then a row per answer; `out` opened with newline=""."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows({name: _cell(value) for name, value in row.items()} for row in rows)


def _cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made text with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_json(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> None:
    """{"reviews": [...], "quiz_answers": [...]}, each row without its `type`."""
    data: dict[str, list[dict[str, Any]]] = {"reviews": [], "quiz_answers": []}
    for row in rows:
        data[row["type"] + "s"].append({k: v for k, v in row.items() if k != "type"})
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def refused_target(output: Path, home: Path, decks: Iterable[Deck]) -> str | None:
    """Why `output` must not be written over, if it must not: the progress database (with
    its -wal and -shm files), a deck file, or anything in the deck cache or the backups."""
    target = output.resolve()
    database = database_path(home).resolve()
    if target in {database, *(database.with_name(database.name + end) for end in ("-wal", "-shm"))}:
        return "it is the progress database"
    if target.is_relative_to(cache_dir(home).resolve()):
        return "it is in the deck cache"
    if target.is_relative_to(backups_dir(home).resolve()):
        return "it is in the backups folder"
    known = {deck.path.resolve() for deck in decks if deck.path is not None}
    if target in known or (target.suffix in DECK_SUFFIXES and target.exists()):
        return "it is a deck file"
    return None


def write_atomically(output: Path, write: Callable[[IO[str]], None], encoding: str) -> None:
    """Write `output` through a temporary file beside it, then rename: a failure leaves
    the old file (or none), never half an export. Raises OSError."""
    descriptor, temporary = tempfile.mkstemp(
        dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline="") as out:
            write(out)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
