"""The words the whole app shares about answers: a verdict on an answer, and the grades.

One definition each, for the checker, the store, the sessions, the TUI and the CLI.
This module imports nothing of quiz-app but `i18n` (which imports nothing of it), so that
any of them can import it without a cycle.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from quiz_app.i18n import N_, _

__all__ = ["Rating", "Verdict", "grade_label"]


class Verdict(StrEnum):
    """The checker's judgement of an answer; stored as its value in quiz answers."""

    CORRECT = "correct"
    TYPO = "typo"  # right but for a small misspelling: counts as right
    WRONG = "wrong"

    @property
    def passed(self) -> bool:
        return self is not Verdict.WRONG


class Rating(IntEnum):
    """A grade given to a card, FSRS's four, with fsrs's names and values (a test checks
    that they are): quiz-app's own, so that what shows grades does not import fsrs."""

    Again = 1
    Hard = 2
    Good = 3
    Easy = 4


# FSRS's own names, which are the catalog's msgids: a Binding may use `rating.name` as its
# description, translated where it is shown.
_GRADE_NAMES = {
    Rating.Again: N_("Again"),
    Rating.Hard: N_("Hard"),
    Rating.Good: N_("Good"),
    Rating.Easy: N_("Easy"),
}


def grade_label(rating: Rating | int) -> str:
    """A grade as the learner sees it, in the interface language: Again, Hard, Good, Easy."""
    return _(_GRADE_NAMES[Rating(rating)])
