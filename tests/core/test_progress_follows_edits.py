"""Progress that follows edits: a changed answer restarts its card, a renamed deck keeps
its progress (once)."""

from __future__ import annotations

from pathlib import Path

from helpers.decks import NOW
from quiz_app.loader import load_deck
from quiz_app.scheduling import Rating
from quiz_app.sessions import StudySession, carry_over_renames
from quiz_app.store import ProgressStore

DECK = """\
deck: {deck}
title: Edits
language: en
{renamed}timeline:
  - id: rome
    date: {date}
    event: The Treaty of Rome is signed
facts:
  - id: capital
    question: {question}
    answer: Brussels
"""


def deck_file(tmp_path: Path, deck="edits", date="1957-03-25", question="Seat?", renamed=""):
    path = tmp_path / f"{deck}.yaml"
    path.write_text(
        DECK.format(deck=deck, date=date, question=question, renamed=renamed), encoding="utf-8"
    )
    return load_deck(path)


def answer_all(store: ProgressStore, deck) -> list[str]:
    session = StudySession(store, [deck], lambda: NOW)
    answered = []
    while session.current is not None:
        answered.append(session.current.id)
        session.grade(session.current, Rating.Easy, 1000)
    return answered


def test_a_changed_date_restarts_its_cards_and_keeps_their_history(tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        answered = answer_all(store, deck_file(tmp_path))
        assert "edits/rome#when" in answered
        session = StudySession(store, [deck_file(tmp_path, date="1958-01-01")], lambda: NOW)
        assert "edits/rome#when" in session.changed
        assert "edits/capital#fact" not in session.changed
        record = store.card_state("edits/rome#when")
        assert record is not None and record.changed and record.state is None
        assert len(store.review_history("edits/rome#when")) == 1, "history kept"
        assert store.card_state("edits/capital#fact").state is not None  # type: ignore[union-attr]


def test_rewording_a_question_keeping_its_answer_changes_nothing(tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        answer_all(store, deck_file(tmp_path))
        session = StudySession(store, [deck_file(tmp_path, question="Where?")], lambda: NOW)
        assert session.changed == []
        assert store.card_state("edits/capital#fact").state is not None  # type: ignore[union-attr]


def test_renamed_from_carries_the_progress_over_once(tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        old = deck_file(tmp_path, deck="old-name")
        answered = answer_all(store, old)
        renamed = deck_file(tmp_path, deck="new-name", renamed="renamed_from: [old-name]\n")
        notices = carry_over_renames(store, [renamed])
        assert notices == [
            f"The progress of 'old-name' ({len(answered)} cards) is now 'new-name''s."
        ]
        for card_id in answered:
            moved = store.card_state(card_id.replace("old-name/", "new-name/"))
            assert moved is not None and moved.state is not None and moved.reps == 1
            assert store.card_state(card_id) is None
        assert carry_over_renames(store, [renamed]) == [], "once"
        assert StudySession(store, [renamed], lambda: NOW).current is None, "nothing due now"
