"""The words the whole app shares about answers: a verdict on an answer, and the grades.

One definition each, for the checker, the store, the sessions, the TUI and the CLI.
This module imports nothing of quiz-app, so that any of them can import it without a cycle.
"""

from __future__ import annotations

from enum import StrEnum

from fsrs import Rating

__all__ = ["Rating", "Verdict", "grade_label"]


class Verdict(StrEnum):
    """The checker's judgement of an answer; stored as its value in quiz answers."""

    CORRECT = "correct"
    TYPO = "typo"  # right but for a small misspelling: counts as right
    WRONG = "wrong"

    @property
    def passed(self) -> bool:
        return self is not Verdict.WRONG


def grade_label(rating: Rating | int) -> str:
    """A grade as the learner sees it: FSRS's own names, Again, Hard, Good and Easy."""
    return Rating(rating).name
