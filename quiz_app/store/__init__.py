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
"""

from quiz_app.store.errors import (
    StoreCorruptError,
    StoreError,
    StoreUnavailableError,
    StoreVersionError,
)
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
    "queue_kind",
]
