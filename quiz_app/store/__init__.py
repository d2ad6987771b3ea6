"""The progress database: every review and quiz answer, and every card's FSRS state.

All the SQL of quiz-app lives in this package. The TUI and the CLI use
`ProgressStore`'s methods and get plain dataclasses back; scheduling decisions
come from `quiz_app.scheduling`.

- `schema`: the tables and the migrations that bring a file up to date;
- `records`: the dataclasses handed out, and how card states map to columns;
- `errors`: what can go wrong opening or using a database;
- `progress`: `ProgressStore`, every read and write.

Times are stored as whole Unix seconds (UTC). A review row keeps the card's state
after the answer in the same columns as the cards table; the state before is derived
from the card's previous review (see `schema.REVIEWS_V4`).

Only the error classes load with the package: the rest (and with it fsrs) loads on first
use, so that a command failing early, such as an unknown deck, stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from quiz_app.store.errors import (
    StoreCorruptError,
    StoreError,
    StoreUnavailableError,
    StoreVersionError,
    in_words,
)

if TYPE_CHECKING:
    from quiz_app.store.progress import ProgressStore
    from quiz_app.store.records import (
        CardRecord,
        DeckCards,
        DeckCounts,
        QueueEntry,
        QueueKind,
        QuizAnswer,
        QuizRecord,
        ReviewKind,
        ReviewRecord,
        ReviewResult,
        ReviewTotals,
        queue_kind,
    )
    from quiz_app.store.schema import (
        APPLICATION_ID,
        BUSY_TIMEOUT_MS,
        MIGRATIONS,
        SCHEMA_VERSION,
        apply_migrations,
    )
    from quiz_app.vocab import Verdict  # re-exported: QuizAnswer.verdict is one

# The module each lazily loaded name comes from.
_LAZY = {
    "ProgressStore": "quiz_app.store.progress",
    **dict.fromkeys(
        (
            "CardRecord",
            "DeckCards",
            "DeckCounts",
            "QueueEntry",
            "QueueKind",
            "QuizAnswer",
            "QuizRecord",
            "ReviewKind",
            "ReviewRecord",
            "ReviewResult",
            "ReviewTotals",
            "queue_kind",
        ),
        "quiz_app.store.records",
    ),
    **dict.fromkeys(
        ("APPLICATION_ID", "BUSY_TIMEOUT_MS", "MIGRATIONS", "SCHEMA_VERSION", "apply_migrations"),
        "quiz_app.store.schema",
    ),
    "Verdict": "quiz_app.vocab",
}


def __getattr__(name: str) -> object:
    """Load a name of the package from its module on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "CardRecord",
    "DeckCards",
    "DeckCounts",
    "ProgressStore",
    "QueueEntry",
    "QueueKind",
    "QuizAnswer",
    "QuizRecord",
    "ReviewKind",
    "ReviewRecord",
    "ReviewResult",
    "ReviewTotals",
    "StoreCorruptError",
    "StoreError",
    "StoreUnavailableError",
    "StoreVersionError",
    "Verdict",
    "apply_migrations",
    "in_words",
    "queue_kind",
]
