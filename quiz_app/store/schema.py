"""The progress database's schema, and the migrations that bring a file up to it."""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x51554941  # "QUIA" in the SQLite header: marks the file as ours
BUSY_TIMEOUT_MS = 5000

# Each entry upgrades the schema by one version; never edit a released entry, append one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
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
)
SCHEMA_VERSION = len(MIGRATIONS)


def apply_migrations(db: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> None:
    """Bring `db` (autocommit connection) to schema version `upto`, one transaction per step."""
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version >= upto:
                db.execute("COMMIT")
                return
            for statement in MIGRATIONS[version]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
