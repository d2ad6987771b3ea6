"""`quiz-app export`: every review and quiz answer as flat rows, written as CSV or JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from quiz_app.model import Deck
from quiz_app.scheduling import iso_utc
from quiz_app.store import ProgressStore

__all__ = ["EXPORT_COLUMNS", "export_rows", "write_csv", "write_json"]

EXPORT_COLUMNS = (
    "type",  # review | quiz_answer
    "time",  # ISO 8601, UTC
    "deck",
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

    A row holds only the columns of its type (see `EXPORT_COLUMNS`).
    """
    prompts = _prompts(decks)
    rows = [
        {
            "type": "review",
            "time": iso_utc(r.reviewed_at),
            "deck": r.deck_id,
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
    writer.writerows(rows)


def write_json(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> None:
    """{"reviews": [...], "quiz_answers": [...]}, each row without its `type`."""
    data: dict[str, list[dict[str, Any]]] = {"reviews": [], "quiz_answers": []}
    for row in rows:
        data[row["type"] + "s"].append({k: v for k, v in row.items() if k != "type"})
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
