"""Write `tests/fixtures/stores/progress-v3.sqlite3`: a progress database as quiz-app
wrote it at schema version 3 (state before and after of each review as JSON), for the
test that migrates it.

It was made once with quiz-app at schema v3 (commit 9f0838b) on the import path:

    PYTHONPATH=<checkout of 9f0838b> python tests/helpers/make_v3_store.py OUT

and cannot be made again with a later quiz-app (that would write the current schema).
The history holds what a migration must keep: answers over several days, an undo, a
regrade (undo and a new grade in one transaction), a card started again as new after its
answer changed, an answer recorded before the card's latest (the clock went back), two
decks, one renamed, and a quiz.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from quiz_app.scheduling import Rating, StudySettings
from quiz_app.store import SCHEMA_VERSION, ProgressStore

NOW = datetime(2024, 5, 10, 8, 0, tzinfo=UTC)
CARDS = [f"t/{item}#{kind}" for item in "abcd" for kind in ("when", "what")]


def main(out: str) -> None:
    assert SCHEMA_VERSION == 3, "run with quiz-app at schema version 3"
    with ProgressStore(out, tz=ZoneInfo("Europe/Paris")) as store:
        store.set_settings("t", StudySettings(leech_threshold=2))
        store.sync_deck("t", CARDS)
        when = NOW
        for day in range(6):
            when = NOW + timedelta(days=day, minutes=day)
            for i, card in enumerate(CARDS):
                rating = Rating.Again if (day + i) % 5 == 0 else Rating.Good
                store.record_review(card, "t", rating, when + timedelta(seconds=i), 1000 + i)
        # An undo, and a regrade as the study session does it.
        store.record_review(CARDS[0], "t", Rating.Easy, when + timedelta(hours=1))
        store.undo_last_review()
        store.record_review(CARDS[1], "t", Rating.Good, when + timedelta(hours=2), 900)
        with store.transaction():
            store.undo_last_review()
            store.record_review(CARDS[1], "t", Rating.Hard, when + timedelta(hours=2), 900)
        # The answer of card 2 changed in the deck: it starts again as new, then is answered.
        expects = {card: "same" for card in CARDS}
        store.note_expectations("t", expects)
        store.note_expectations("t", expects | {CARDS[2]: "changed"})
        store.record_review(CARDS[2], "t", Rating.Good, when + timedelta(hours=3))
        store.record_review(CARDS[2], "t", Rating.Good, when + timedelta(hours=4))
        # The clock went back a day: an answer recorded before the card's latest.
        store.record_review(CARDS[3], "t", Rating.Good, when - timedelta(days=1))
        # A deck renamed, with its history.
        store.record_review("old/x#fact", "old", Rating.Good, NOW)
        store.record_review("old/x#fact", "old", Rating.Hard, NOW + timedelta(days=1))
        store.carry_over("old", "new")
        store.record_review("new/x#fact", "new", Rating.Good, NOW + timedelta(days=5))
        quiz = store.start_quiz("t", NOW)
        store.record_quiz_answer(
            quiz,
            question_id="t/q0",
            kind="mc",
            prompt="Question « é »",
            verdict="correct",
            given="a",
            expected="a",
            duration_ms=2000,
            now=NOW + timedelta(minutes=1),
        )
        store.finish_quiz(quiz, NOW + timedelta(minutes=2))


if __name__ == "__main__":
    main(sys.argv[1])
