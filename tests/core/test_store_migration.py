"""Migrating a progress database written by an older quiz-app: nothing is lost.

The v3 fixture was written by quiz-app at schema version 3 (see
`helpers/make_v3_store.py`); its reviews kept the state before and after each answer as
JSON. What it reads back after the migration is compared with those rows, read raw
before migrating."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from helpers import FIXTURES
from quiz_app.scheduling import CardState, Rating, from_seconds
from quiz_app.store import SCHEMA_VERSION, ProgressStore, apply_migrations
from quiz_app.store.records import KIND_NAMES

V3 = FIXTURES / "stores" / "progress-v3.sqlite3"


@pytest.fixture
def v3_path(tmp_path: Path) -> Path:
    path = tmp_path / "progress.sqlite3"
    shutil.copyfile(V3, path)
    return path


def raw_rows(path: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def v3_reviews(path: Path) -> list[tuple]:
    """Every review as the v3 store held it, with its states parsed, oldest first."""
    rows = raw_rows(
        path,
        "SELECT r.id, c.key, d.name, r.rating, r.duration_ms, r.kind, r.before, r.after "
        "FROM reviews r JOIN cards c ON c.id = r.card JOIN decks d ON d.id = c.deck ORDER BY r.id",
    )
    return [
        (
            review_id,
            key,
            deck,
            Rating(rating),
            from_seconds(review_id // 1000),
            duration_ms,
            KIND_NAMES[kind],
            CardState.from_json(before) if before else None,
            CardState.from_json(after),
        )
        for review_id, key, deck, rating, duration_ms, kind, before, after in rows
    ]


def as_tuple(record) -> tuple:
    return (
        record.review_id,
        record.card_id,
        record.deck_id,
        record.rating,
        record.reviewed_at,
        record.duration_ms,
        record.kind,
        record.before,
        record.after,
    )


CARDS_SQL = "SELECT * FROM cards ORDER BY id"
OTHER_TABLES = ("decks", "settings", "quizzes", "quiz_answers", "renames")


def test_the_fixture_is_a_v3_store_with_what_a_migration_must_keep():
    assert raw_rows(V3, "PRAGMA user_version") == [(3,)]
    reviews = v3_reviews(V3)
    assert len(reviews) > 50
    kinds = {review[6] for review in reviews}
    assert kinds == {"new", "learning", "review", "relearning"}
    # a card answered again as new after its answer changed: reviews before its first new one
    reset = [r for r in reviews if r[1] == "t/b#when"]
    assert [r[6] for r in reset].count("new") == 2
    # an answer recorded before the card's latest (the clock went back): it and the next
    # answer of that card have a state before that is not the previous answer's after
    assert not_derived(reviews) == 2


def not_derived(reviews: list[tuple]) -> int:
    """How many answers have a state before other than their card's previous answer's after."""
    previous: dict[str, CardState] = {}
    count = 0
    for review in reviews:
        card, kind, before, after = review[1], review[6], review[7], review[8]
        count += before != (previous.get(card) if kind != "new" else None)
        previous[card] = after
    return count


def test_a_v3_store_migrates_and_reads_back_identically(v3_path):
    expected = v3_reviews(v3_path)
    cards = raw_rows(v3_path, CARDS_SQL)
    again = dict(
        raw_rows(v3_path, "SELECT card, count(*) FROM reviews WHERE rating = 1 GROUP BY card")
    )
    others = {table: raw_rows(v3_path, f"SELECT * FROM {table}") for table in OTHER_TABLES}

    with ProgressStore(v3_path) as store:
        assert [as_tuple(r) for r in store.reviews()] == expected
        for card_id in {review[1] for review in expected}:
            history = [as_tuple(r) for r in store.review_history(card_id)]
            assert history == [review for review in expected if review[1] == card_id]
        # read by time: a review's state before comes from before the range too
        since = expected[len(expected) // 2][4]
        assert [as_tuple(r) for r in store.reviews(since=since, deck_id="t")] == [
            review for review in expected if review[4] >= since and review[2] == "t"
        ]

    assert raw_rows(v3_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert raw_rows(v3_path, "PRAGMA integrity_check") == [("ok",)]
    # v5 adds each card's Again answers as the last column; the rest is as it was
    migrated = raw_rows(v3_path, CARDS_SQL)
    assert [row[:-1] for row in migrated] == cards
    assert [row[-1] for row in migrated] == [again.get(row[0], 0) for row in cards]
    assert {table: raw_rows(v3_path, f"SELECT * FROM {table}") for table in OTHER_TABLES} == others
    # only what cannot be derived keeps its state before (the answers out of time order)
    assert raw_rows(v3_path, "SELECT count(before) FROM reviews") == [(not_derived(expected),)]


def test_undo_and_regrade_after_the_migration_restore_exactly(v3_path):
    expected = v3_reviews(v3_path)
    card = "t/a#what"
    with ProgressStore(v3_path) as store:
        state = store.card_state(card)
        assert state is not None and state.state == expected_last_after(expected, card)
        latest = expected[-1][4]
        answer = store.record_review(card, "t", Rating.Good, latest + timedelta(days=1))
        assert answer.before == state.state
        with store.transaction():  # a regrade, as the study session does it
            assert store.undo_last_review() == card
            again = store.record_review(card, "t", Rating.Again, latest + timedelta(days=1))
        assert again.before == state.state
        assert store.review_history(card)[-1].before == state.state
        assert store.undo_last_review() == card
        assert store.card_state(card) == state
        assert [as_tuple(r) for r in store.reviews()] == expected


def expected_last_after(expected: list[tuple], card: str) -> CardState:
    return [review for review in expected if review[1] == card][-1][8]


def test_a_migration_that_fails_leaves_the_v3_store_as_it_was(v3_path, monkeypatch):
    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE reviews_v4 (id INTEGER PRIMARY KEY)")
        raise sqlite3.OperationalError("disk I/O error")

    from quiz_app.store import schema

    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS[:3], (broken,)))
    with pytest.raises(Exception, match="disk I/O error"):
        ProgressStore(v3_path)
    assert raw_rows(v3_path, "PRAGMA user_version") == [(3,)]
    assert v3_reviews(v3_path) == v3_reviews(V3)


def test_the_space_the_migration_frees_is_given_back(tmp_path):
    """v3 reviews carried two JSON states each; once converted, the file shrinks."""
    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    apply_migrations(db, upto=3)
    db.execute("BEGIN")  # one transaction: 5,000 commits took minutes of fsync on a busy disk
    db.execute("INSERT INTO decks(id, name) VALUES (1, 'd')")
    db.execute("INSERT INTO cards(id, key, deck, position) VALUES (1, 'd/a#fact', 1, 0)")
    state = "[2,null,12.3456,5.4321,1715414462,1715328002]"
    db.executemany(
        "INSERT INTO reviews(id, card, rating, duration_ms, kind, before, after) "
        "VALUES (?, 1, 3, 1000, 2, ?, ?)",
        ((1_715_328_002_000 + i, state, state) for i in range(5000)),
    )
    db.execute("COMMIT")
    db.close()
    size = path.stat().st_size

    with ProgressStore(path) as store:
        assert len(store.reviews()) == 5000
    assert raw_rows(path, "PRAGMA freelist_count") == [(0,)]
    assert path.stat().st_size < size * 2 / 3
