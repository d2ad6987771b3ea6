"""A progress history whose every answer is known, shared by the statistics tests.

`HISTORY` is in Paris time with a 4 am day start: answers fall just before and after
midnight and on both sides of 4 am. The `decks` and `store` fixtures (a pytest plugin of
tests/conftest.py) give the decks and a store holding that history; a test module with
fixtures of those names keeps its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from quiz_app.loader import check_file
from quiz_app.model import Deck
from quiz_app.scheduling import Rating, StudySettings
from quiz_app.store import ProgressStore

PARIS = ZoneInfo("Europe/Paris")
UTC = UTC


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=PARIS)


NOW = at(5, 10, 10)  # Friday 10 May 2024, 10:00 in Paris (08:00 UTC): study day 10 May

DECK_YAML = """\
deck: t
title: "Test [bold]deck[/] é"
language: en
tags: [all]
facts:
  - {id: a, question: "Capital of France?", answer: Paris, tags: [x]}
  - {id: b, question: "Année du traité ?", answer: "1992", tags: [x, y]}
  - {id: c, question: "[@click=app.quit]quit[/]", answer: Three, tags: [y]}
  - {id: d, question: "Four?", answer: Four, tags: [z]}
  - {id: e, question: "Five?", answer: Five, tags: [x]}
"""
OTHER_YAML = """\
deck: u
title: Other
language: fr
facts:
  - {id: f1, question: "Un ?", answer: Un}
  - {id: f2, question: "Deux ?", answer: Deux}
"""

# (item of deck t, time, rating, duration ms), in time order. Card ids are `t/<item>#fact`.
# The state before each answer (FSRS, default steps) is noted: an Easy first answer goes
# straight to review; Again on a review card is a lapse and goes to relearning.
HISTORY = [
    ("c", at(4, 1, 10), Rating.Easy, 1000),  # new; before the 30-day window
    ("a", at(4, 30, 10), Rating.Easy, 1000),  # new
    ("b", at(4, 30, 10, 1), Rating.Easy, 1000),  # new
    ("c", at(5, 5, 10), Rating.Again, 1000),  # review: lapse 1
    ("c", at(5, 5, 10, 10), Rating.Good, 1000),  # relearning
    ("c", at(5, 5, 10, 20), Rating.Again, 1000),  # review: lapse 2, a leech (threshold 2)
    ("a", at(5, 8, 23, 30), Rating.Good, 1000),  # review; study day 8 May
    ("b", at(5, 9, 2), Rating.Hard, 1000),  # review; after midnight, before 4 am: still 8 May
    ("a", at(5, 10, 3, 59), Rating.Again, 9999),  # review; one minute before 4 am: 9 May
    ("d", at(5, 10, 4), Rating.Good, 5000),  # new; 4 am sharp: today
    ("a", at(5, 10, 9), Rating.Good, 7000),  # relearning
    ("b", at(5, 10, 9, 30), Rating.Again, 12000),  # review: lapse, relearning due 9:40
]
# Quizzes: 7 May (2 of 3 right: a typo counts as right), today (1 of 1), and one left unfinished.
QUIZZES = [
    (at(5, 7, 12), [("correct", 2000), ("wrong", 3000), ("typo", 1000)], True),
    (at(5, 10, 9, 45), [("correct", 3000)], True),
    (at(5, 10, 9, 50), [], False),
]


def load_deck(folder: Path, name: str, text: str) -> Deck:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    deck, problems = check_file(path)
    assert deck is not None, problems
    return deck


def build_history(store: ProgressStore) -> None:
    """Record `HISTORY` and `QUIZZES` in deck t, and one old answer in a deck whose file is gone."""
    store.set_settings("t", StudySettings(leech_threshold=2))
    store.record_review("gone/x#fact", "gone", Rating.Good, at(3, 1, 12))
    for item, moment, rating, duration_ms in HISTORY:
        store.record_review(f"t/{item}#fact", "t", rating, moment, duration_ms=duration_ms)
    for started, answers, finished in QUIZZES:
        quiz = store.start_quiz("t", started)
        for i, (verdict, duration_ms) in enumerate(answers):
            store.record_quiz_answer(
                quiz,
                question_id=f"t/q{i}",
                kind="mc",
                prompt=f"Question {i} « é »",
                verdict=verdict,
                given="given",
                expected="expected",
                duration_ms=duration_ms,
                now=started + timedelta(minutes=i + 1),
            )
        if finished:
            store.finish_quiz(quiz, started + timedelta(minutes=5), complete=True)


@pytest.fixture
def decks(tmp_path: Path) -> list[Deck]:
    """Deck t, whose answers `HISTORY` holds, and deck u, never studied."""
    return [load_deck(tmp_path, "t", DECK_YAML), load_deck(tmp_path, "u", OTHER_YAML)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    """A progress store in Paris time that holds `build_history`'s answers."""
    with ProgressStore(tmp_path / "progress.sqlite3", tz=PARIS) as opened:
        build_history(opened)
        yield opened
