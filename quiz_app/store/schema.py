"""The progress database's schema, and the migrations that bring a file up to it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from functools import cache

APPLICATION_ID = 0x51554941  # "QUIA" in the SQLite header: marks the file as ours
BUSY_TIMEOUT_MS = 5000

# A migration step: an SQL statement, or a function for what SQL cannot say exactly.
Step = str | Callable[[sqlite3.Connection], None]

# The table of reviews since v4. A review's id is its time in Unix ms, bumped by one on a
# clash (as Anki's revlog): time ranges are rowid ranges, with no index or column for time.
# It keeps the card's state after the answer as the cards table does (`CARD_COLUMNS`); the
# state before is the card's previous review's after (or none: `kind` 0, a new card), so
# it is stored only when it is not that (a review recorded out of time order), as JSON.
REVIEWS_V4 = """CREATE TABLE {name} (
    id INTEGER PRIMARY KEY,
    card INTEGER NOT NULL REFERENCES cards(id),
    rating INTEGER NOT NULL,
    duration_ms INTEGER,
    kind INTEGER NOT NULL,  -- card state before: 0 new, else fsrs.State
    state INTEGER NOT NULL,
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due INTEGER NOT NULL,
    last_review INTEGER,
    before TEXT  -- CardState JSON, only when not derived (see above)
)"""


def _typed_reviews(db: sqlite3.Connection) -> None:
    """v3 -> v4: the state after as columns instead of JSON, and the state before only
    where it is not the previous review's after. Nothing is lost: a `before` that differs
    from what would be derived is kept as it was."""
    db.execute(REVIEWS_V4.format(name="reviews_v4"))
    latest: dict[int, str] = {}  # card -> its latest review's state after (JSON), so far

    def same_state(before: str | None, derived: str | None) -> bool:
        return before == derived or (
            before is not None and derived is not None and json.loads(before) == json.loads(derived)
        )

    def converted() -> Iterator[tuple]:
        rows = db.execute(
            "SELECT id, card, rating, duration_ms, kind, before, after FROM reviews ORDER BY id"
        )
        for review_id, card, rating, duration_ms, kind, before, after in rows:
            derived = latest.get(card) if kind else None
            explicit = None if same_state(before, derived) else before
            latest[card] = after
            yield (review_id, card, rating, duration_ms, kind, *json.loads(after), explicit)

    db.executemany(
        "INSERT INTO reviews_v4(id, card, rating, duration_ms, kind, state, step, stability, "
        "difficulty, due, last_review, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        converted(),
    )
    db.execute("DROP TABLE reviews")
    db.execute("ALTER TABLE reviews_v4 RENAME TO reviews")
    db.execute("CREATE INDEX reviews_card ON reviews(card)")


# `scheduling.card_kind` of a card's key, in SQL: what new cards are interleaved by. Queries
# must spell it exactly so to use the index `cards_new_kind`.
CARD_KIND = (
    "substr(substr(key, instr(key, '#') + 1), 1, "
    "instr(substr(key, instr(key, '#') + 1) || '-', '-') - 1)"
)

# True of every card (`reps` counts its answers): the condition of the index `cards_deck`.
ALL_CARDS = "reps >= 0"

# Each entry upgrades the schema by one version; never edit a released entry, append one.
MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    # v1: cards, reviews, settings
    (
        """CREATE TABLE decks (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            fingerprint TEXT  -- digest of the card id list last synced, in order
        )""",
        """CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,  -- generator's stable id: deck/item#kind
            deck INTEGER NOT NULL REFERENCES decks(id),
            position INTEGER,          -- order in the deck; NULL once removed (orphaned)
            state INTEGER,             -- fsrs.State; NULL while new
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER,
            last_review INTEGER,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            leech INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX cards_new ON cards(deck, position) WHERE state IS NULL",
        "CREATE INDEX cards_due ON cards(deck, state, due) WHERE state IS NOT NULL",
        "CREATE INDEX cards_leech ON cards(deck) WHERE leech",
        # A review's id is its time in Unix ms, bumped by one on a clash (as Anki's
        # revlog): time ranges are rowid ranges, with no index or column for time.
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            card INTEGER NOT NULL REFERENCES cards(id),
            rating INTEGER NOT NULL,
            duration_ms INTEGER,
            kind INTEGER NOT NULL,  -- card state before: 0 new, else fsrs.State
            before TEXT,            -- CardState JSON; NULL for a new card
            after TEXT NOT NULL
        )""",
        "CREATE INDEX reviews_card ON reviews(card)",
        """CREATE TABLE settings (
            scope TEXT PRIMARY KEY,  -- a deck id, or '' for the global default
            data TEXT NOT NULL
        )""",
    ),
    # v2: quizzes and their answers
    (
        """CREATE TABLE quizzes (
            id INTEGER PRIMARY KEY,
            deck INTEGER NOT NULL REFERENCES decks(id),
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            score REAL  -- (correct + typo) / answered, set when finished
        )""",
        "CREATE INDEX quizzes_deck ON quizzes(deck, started_at)",
        """CREATE TABLE quiz_answers (
            id INTEGER PRIMARY KEY,
            quiz INTEGER NOT NULL REFERENCES quizzes(id),
            question_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            prompt TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('correct', 'typo', 'wrong')),
            given TEXT NOT NULL,
            expected TEXT NOT NULL,
            duration_ms INTEGER,
            answered_at INTEGER NOT NULL
        )""",
        "CREATE INDEX quiz_answers_quiz ON quiz_answers(quiz)",
    ),
    # v3: progress that follows edits
    (
        # Digest of what the card expects (its answer): when it changes, the card starts
        # again as new, `changed` until it is answered; its reviews stay.
        "ALTER TABLE cards ADD COLUMN expects TEXT",
        "ALTER TABLE cards ADD COLUMN changed INTEGER NOT NULL DEFAULT 0",
        # A deck's `renamed_from`: each old id's progress is carried over once.
        """CREATE TABLE renames (
            old TEXT PRIMARY KEY,
            new TEXT NOT NULL
        )""",
    ),
    # v4: reviews about half as big (typed state after, state before derived)
    (_typed_reviews,),
    # v5: each card's Again answers, kept beside `reps` (its answers) by the same writes, so
    # that statistics (tag accuracy) read the cards and never the whole review log.
    (
        "ALTER TABLE cards ADD COLUMN again INTEGER NOT NULL DEFAULT 0",
        "UPDATE cards SET again = "
        "(SELECT count(*) FROM reviews r WHERE r.card = cards.id AND r.rating = 1) WHERE reps > 0",
    ),
    # v6: indexes that let today's queue read only what it shows: new cards by kind (the
    # `interleave` order takes the first of each kind in turn), and the due cards' index
    # holding what orders the reviews (`queue.REVIEW_ORDER`), so that the backlog is
    # sorted without reading its rows.
    (
        f"CREATE INDEX cards_new_kind ON cards(deck, {CARD_KIND}, position) WHERE state IS NULL",
        "DROP INDEX cards_due",
        "CREATE INDEX cards_due ON cards(deck, state, due, last_review, stability, position) "
        "WHERE state IS NOT NULL",
    ),
    # v7: the cards by deck and position with what the statistics count of them, so that
    # they read a deck's cards as a range of this index, never the whole table, and count
    # every deck's in one pass without sorting 100,000 rows by deck. Partial on a condition
    # every card meets (`ALL_CARDS`), so that only the queries that say it use this index:
    # without statistics SQLite would also pick it for queries it does not suit.
    (f"CREATE INDEX cards_deck ON cards(deck, position, state, reps, again) WHERE {ALL_CARDS}",),
)
SCHEMA_VERSION = len(MIGRATIONS)


def apply_migrations(db: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> None:
    """Bring `db` (autocommit connection) to schema version `upto`, one transaction per step."""
    migrated = False
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version >= upto:
                db.execute("COMMIT")
                break
            for step in MIGRATIONS[version]:
                if callable(step):
                    step(db)
                else:
                    db.execute(step)
            db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
            migrated = True
        except BaseException:
            db.execute("ROLLBACK")
            raise
    if migrated:
        _give_back_free_pages(db)


def _give_back_free_pages(db: sqlite3.Connection) -> None:
    """Shrink the file after a migration that rebuilt a table and left a quarter of it free."""
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    if free * 4 <= db.execute("PRAGMA page_count").fetchone()[0]:
        return
    try:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError:
        pass  # busy: only space is at stake, and the free pages are used as the file grows


def table_columns(db: sqlite3.Connection) -> frozenset[tuple[str, str]]:
    """Every (table, column) of the database."""
    return frozenset(
        db.execute(
            "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c "
            "WHERE m.type = 'table'"
        )
    )


@cache
def expected_columns() -> frozenset[tuple[str, str]]:
    """Every (table, column) of a database at `SCHEMA_VERSION`, as the migrations make it."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        apply_migrations(db)
        return table_columns(db)
    finally:
        db.close()
