"""The progress store: schema, answers, undo, queue, quizzes, and surviving crashes."""

from __future__ import annotations

import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import TESTS
from quiz_app.scheduling import CardState, Rating, State, StudySettings, card_kind, new_card_order
from quiz_app.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DeckCounts,
    ProgressStore,
    StoreCorruptError,
    StoreVersionError,
    apply_migrations,
    progress,
)
from quiz_app.store.queue import LEARN_AHEAD
from quiz_app.store.schema import CARD_KIND

UTC = UTC
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 5, 10, 10, 0, tzinfo=UTC)  # 12:00 in Paris
HELPER = TESTS / "helpers" / "answer_cards.py"
DECK = "otan-ue"
ITEMS = ["concordia", "berlin-plus", "common-members", "artemis", "eufor", "sophia"]
CARDS = [f"{DECK}/{item}#{kind}" for item in ITEMS for kind in ("when", "what")]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "progress.sqlite3"


@pytest.fixture
def store(db_path: Path):
    with ProgressStore(db_path, tz=PARIS) as s:
        yield s


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def ids(queue) -> list[str]:
    return [entry.card_id for entry in queue]


# --- opening, schema, migrations ---


def test_fresh_database_is_wal_and_current(db_path, store):
    db = raw(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_for_home_uses_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_APP_HOME", str(tmp_path / "home"))
    with ProgressStore.for_home() as s:
        assert s.path == tmp_path / "home" / "progress.sqlite3"
    assert s.path.exists()


def test_a_v1_database_is_migrated_and_keeps_its_reviews(db_path):
    db = raw(db_path)
    apply_migrations(db, upto=1)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    # What a v1 quiz-app wrote: one deck, one answered card, one review.
    after = CardState(State.Learning, 1, 2.3065, 2.1181, NOW + timedelta(minutes=10), NOW)
    db.execute("INSERT INTO decks(id, name) VALUES (1, ?)", (DECK,))
    db.execute(
        "INSERT INTO cards(id, key, deck, position, state, step, stability, difficulty, due, "
        "last_review, reps) VALUES (1, ?, 1, 0, 1, 1, 2.3065, 2.1181, ?, ?, 1)",
        (CARDS[0], int(after.due.timestamp()), int(NOW.timestamp())),
    )
    db.execute(
        "INSERT INTO reviews(id, card, rating, duration_ms, kind, before, after) "
        "VALUES (?, 1, 3, 1200, 0, NULL, ?)",
        (int(NOW.timestamp()) * 1000, after.to_json()),
    )
    db.close()

    with ProgressStore(db_path, tz=PARIS) as s:
        assert raw(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s.card_state(CARDS[0]).state == after
        [old] = s.review_history(CARDS[0])
        assert (old.rating, old.duration_ms, old.reviewed_at, old.after) == (
            Rating.Good,
            1200,
            NOW,
            after,
        )
        quiz = s.start_quiz(DECK, NOW)  # v2 tables are there
        answer(s, quiz, "correct")
        assert s.finish_quiz(quiz, NOW, complete=True).quiz_id == quiz


def test_a_newer_database_is_refused_and_left_alone(db_path):
    ProgressStore(db_path).close()
    raw(db_path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(StoreVersionError, match="newer quiz-app"):
        ProgressStore(db_path)
    assert db_path.read_bytes() == before


def test_another_programs_sqlite_file_is_refused(db_path):
    raw(db_path).execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreCorruptError, match="another program"):
        ProgressStore(db_path)


def test_a_garbage_file_is_refused_untouched_and_can_be_moved_aside(db_path):
    garbage = b"this is not sqlite\x00" + os.urandom(4000)
    db_path.write_bytes(garbage)
    with pytest.raises(StoreCorruptError) as caught:
        ProgressStore(db_path)
    assert str(db_path) in str(caught.value)
    assert db_path.read_bytes() == garbage
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]

    backup = ProgressStore.move_aside(db_path, NOW)
    assert backup.name == "progress.sqlite3.corrupt-20240510T100000Z"
    assert backup.read_bytes() == garbage and not db_path.exists()
    with ProgressStore(db_path) as fresh:
        assert fresh.card_state(CARDS[0]) is None

    # A second backup in the same second does not overwrite the first.
    fresh_bytes = db_path.read_bytes()
    Path(f"{db_path}-wal").write_bytes(b"wal")
    second = ProgressStore.move_aside(db_path, NOW)
    assert second != backup and backup.read_bytes() == garbage
    assert second.read_bytes() == fresh_bytes
    assert Path(f"{second}-wal").read_bytes() == b"wal"
    assert not Path(f"{db_path}-wal").exists()


def test_damage_found_later_is_reported_as_corruption(db_path):
    with ProgressStore(db_path) as s:
        for card in CARDS:
            s.record_review(card, DECK, Rating.Good, NOW)
    data = bytearray(db_path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # wreck every page but the header
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError), ProgressStore(db_path) as s:
        s.review_history(CARDS[0])


def answer_counts(store: ProgressStore) -> dict[str, tuple[int, int]]:
    """(answers, Again answers) per card of the deck, as the statistics read them."""
    found = store.deck_cards({DECK: CARDS}, NOW, {DECK: range(len(CARDS))})[DECK]
    return {CARDS[card]: counts for card, counts in found.answers.items()}


def undo_indexes_after(db: sqlite3.Connection, version: int) -> None:
    """Drop the indexes the migrations after `version` (5 or 6) added, and bring back what
    they replaced."""
    db.execute("DROP INDEX cards_deck")  # v7
    if version < 6:
        db.execute("DROP INDEX cards_new_kind")
        db.execute("DROP INDEX cards_due")
        db.execute("CREATE INDEX cards_due ON cards(deck, state, due) WHERE state IS NOT NULL")


def test_a_v4_database_gets_each_cards_again_answers_counted(db_path):
    with ProgressStore(db_path, tz=PARIS) as s:
        for rating in (Rating.Again, Rating.Good, Rating.Again, Rating.Good):
            s.record_review(CARDS[0], DECK, rating, NOW)
        s.record_review(CARDS[1], DECK, Rating.Good, NOW)
    db = raw(db_path)  # back to v4: the later indexes and v5's counts are gone
    undo_indexes_after(db, 5)
    db.execute("ALTER TABLE cards DROP COLUMN again")
    db.execute("PRAGMA user_version = 4")
    db.close()
    with ProgressStore(db_path, tz=PARIS) as s:
        assert answer_counts(s) == {CARDS[0]: (4, 2), CARDS[1]: (1, 0)}


def test_a_v5_database_gets_the_queue_indexes_and_the_same_queue(db_path):
    deck = [f"{DECK}/i{i}#{kind}" for i in range(30) for kind in ("when", "fact", "cloze-1")]
    with ProgressStore(db_path, tz=PARIS) as s:
        s.sync_deck(DECK, deck)
        for card in deck[::4]:
            s.record_review(card, DECK, Rating.Easy, NOW - timedelta(days=30))
        queue = s.build_queue(DECK, deck, NOW)
    db = raw(db_path)  # back to v5
    undo_indexes_after(db, 5)
    db.execute("PRAGMA user_version = 5")
    db.close()
    with ProgressStore(db_path, tz=PARIS) as s:
        assert s.build_queue(DECK, deck, NOW) == queue
    db = raw(db_path)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    due_columns = [row[2] for row in db.execute("PRAGMA index_info(cards_due)")]
    assert due_columns == ["deck", "state", "due", "last_review", "stability", "position"]
    assert db.execute("SELECT sql FROM sqlite_master WHERE name = 'cards_new_kind'").fetchone()


def test_a_v6_database_gets_the_statistics_index_and_the_same_figures(db_path):
    with ProgressStore(db_path, tz=PARIS) as s:
        s.sync_deck(DECK, CARDS)
        for card, rating in zip(CARDS[:7], itertools.cycle(Rating), strict=False):
            s.record_review(card, DECK, rating, NOW - timedelta(days=3))
        s.record_review("other/x#fact", "other", Rating.Again, NOW)
        s.sync_deck(DECK, CARDS[2:])  # two answered cards leave the deck
        groups = {DECK: [i % 3 for i in range(len(CARDS) - 2)]}
        figures = s.deck_cards({DECK: CARDS[2:]}, NOW, groups)
    db = raw(db_path)  # back to v6
    undo_indexes_after(db, 6)
    db.execute("PRAGMA user_version = 6")
    db.close()
    with ProgressStore(db_path, tz=PARIS) as s:
        assert s.deck_cards({DECK: CARDS[2:]}, NOW, groups) == figures
    assert figures[DECK].orphan_answers.keys() == set(CARDS[:2])
    assert figures["other"].reviews == 1
    assert raw(db_path).execute("SELECT 1 FROM sqlite_master WHERE name = 'cards_deck'").fetchone()


# --- answering ---


def test_answers_are_stored_with_state_before_and_after(store):
    first = store.record_review(CARDS[0], DECK, Rating.Good, NOW, duration_ms=2500)
    second = store.record_review(CARDS[0], DECK, Rating.Good, first.due, duration_ms=1800)
    assert first.before is None and first.interval == timedelta(minutes=10)
    assert second.before == first.after and second.after.state == State.Review

    record = store.card_state(CARDS[0])
    assert record.state == second.after  # exact round trip through the database
    assert (record.deck_id, record.reps, record.lapses, record.leech) == (DECK, 2, 0, False)

    history = store.review_history(CARDS[0])
    assert [(r.kind, r.rating, r.duration_ms) for r in history] == [
        ("new", Rating.Good, 2500),
        ("learning", Rating.Good, 1800),
    ]
    assert [(r.before, r.after) for r in history] == [
        (None, first.after),
        (first.after, second.after),
    ]
    assert history[1].reviewed_at == first.due and history[0].deck_id == DECK


def test_an_answer_recorded_out_of_time_order_keeps_every_state_before(store, db_path):
    """The state before is derived from the previous review; an answer recorded before the
    card's latest (the clock went back) must change neither its own nor the next one's."""
    first = store.record_review(CARDS[0], DECK, Rating.Good, NOW)
    second = store.record_review(CARDS[0], DECK, Rating.Good, NOW + timedelta(days=2))
    clock_back = store.record_review(CARDS[0], DECK, Rating.Hard, NOW + timedelta(days=1))
    assert clock_back.before == second.after
    history = store.review_history(CARDS[0])
    assert [r.review_id for r in history] == [
        first.review_id,
        clock_back.review_id,
        second.review_id,
    ]
    assert [(r.before, r.after) for r in history] == [
        (None, first.after),
        (second.after, clock_back.after),
        (first.after, second.after),
    ]
    assert [r.before for r in store.reviews(since=NOW + timedelta(days=1))] == [
        second.after,
        first.after,
    ]
    # only those two states before are stored: the others are derived
    stored = raw(db_path).execute("SELECT id FROM reviews WHERE before IS NOT NULL ORDER BY id")
    assert [review_id for (review_id,) in stored] == [clock_back.review_id, second.review_id]


def test_answers_in_time_order_store_no_state_before(store, db_path):
    when = NOW
    for rating in (Rating.Good, Rating.Again, Rating.Good, Rating.Easy):
        when = store.record_review(CARDS[1], DECK, rating, when).due
    store.record_review(CARDS[2], DECK, Rating.Good, NOW)
    assert raw(db_path).execute("SELECT count(*), count(before) FROM reviews").fetchone() == (5, 0)
    assert [r.before for r in store.review_history(CARDS[1])][1:] == [
        r.after for r in store.review_history(CARDS[1])
    ][:-1]


def test_none_is_still_bound_as_null(store, db_path):
    """The store registers an adapter for None (an answer's speed): None stays NULL."""
    assert sqlite3.connect(":memory:").execute("SELECT ? IS NULL", (None,)).fetchone() == (1,)
    store.record_review(CARDS[0], DECK, Rating.Good, NOW)  # learning: at a step
    store.record_review(CARDS[0], DECK, Rating.Easy, NOW + timedelta(minutes=1))  # review
    rows = raw(db_path).execute("SELECT typeof(step), typeof(before) FROM reviews ORDER BY id")
    assert rows.fetchall() == [("integer", "null"), ("null", "null")]


def test_now_must_be_aware(store):
    with pytest.raises(ValueError):
        store.record_review(CARDS[0], DECK, Rating.Good, datetime(2024, 5, 10, 10))


def test_reviews_can_be_read_by_time_and_deck(store):
    for day in range(3):
        store.record_review(CARDS[day], DECK, Rating.Good, NOW + timedelta(days=day))
    store.record_review("other/x#a", "other", Rating.Good, NOW + timedelta(days=1))
    assert len(store.reviews()) == 4
    since = store.reviews(since=NOW + timedelta(days=1), deck_id=DECK)
    assert [r.card_id for r in since] == CARDS[1:3]
    assert [r.card_id for r in store.reviews(until=NOW + timedelta(days=1))] == [CARDS[0]]


def test_many_answers_in_one_second_all_kept_in_order(store):
    for card in CARDS:
        store.record_review(card, DECK, Rating.Again, NOW)
    assert [r.card_id for r in store.reviews()] == CARDS


def test_undo_restores_the_previous_state_and_deletes_the_review(store):
    first = store.record_review(CARDS[0], DECK, Rating.Good, NOW)
    store.record_review(CARDS[0], DECK, Rating.Easy, NOW + timedelta(minutes=10))
    assert store.undo_last_review() == CARDS[0]
    assert store.card_state(CARDS[0]).state == first.after
    assert store.card_state(CARDS[0]).reps == 1
    assert [r.after for r in store.review_history(CARDS[0])] == [first.after]

    assert store.undo_last_review() == CARDS[0]
    record = store.card_state(CARDS[0])
    assert record.is_new and record.reps == 0
    assert store.reviews() == []
    assert store.undo_last_review() is None


def test_answer_counts_follow_answers_and_undo(store):
    def from_the_log() -> dict[str, tuple[int, int]]:
        counts: dict[str, tuple[int, int]] = {}
        for review in store.reviews(deck_id=DECK):
            reviews, again = counts.get(review.card_id, (0, 0))
            counts[review.card_id] = (reviews + 1, again + (review.rating == Rating.Again))
        return counts

    store.sync_deck(DECK, CARDS)  # summed in SQL, by card position
    ratings = itertools.cycle([Rating.Again, Rating.Good, Rating.Hard, Rating.Again, Rating.Easy])
    for i in range(12):
        store.record_review(CARDS[i % 3], DECK, next(ratings), NOW + timedelta(minutes=i))
    assert answer_counts(store) == from_the_log()
    assert answer_counts(store)[CARDS[0]] == (4, 2)
    store.undo_last_review()  # CARDS[2]'s Good
    store.undo_last_review()  # CARDS[1]'s Again
    assert answer_counts(store) == from_the_log()
    assert answer_counts(store)[CARDS[1]] == (3, 0)


def test_undone_new_card_is_new_again_for_todays_limit(store):
    store.set_settings(DECK, StudySettings(new_per_day=1))
    store.record_review(CARDS[0], DECK, Rating.Good, NOW)
    assert store.deck_counts(DECK, CARDS, NOW).new == 0
    store.undo_last_review()
    assert ids(store.build_queue(DECK, CARDS, NOW)) == [CARDS[0]]


def test_undo_does_not_clobber_a_later_answer_from_another_instance(db_path, store):
    store.record_review(CARDS[0], DECK, Rating.Good, NOW)
    with ProgressStore(db_path, tz=PARIS) as other:
        later = other.record_review(CARDS[0], DECK, Rating.Good, NOW + timedelta(minutes=10))
    assert store.undo_last_review() is None
    assert store.card_state(CARDS[0]).state == later.after


def test_preview_matches_the_answer_for_every_grade(db_path):
    when = NOW
    with ProgressStore(db_path, tz=PARIS) as s:
        for rating in (Rating.Good, Rating.Good, Rating.Good, Rating.Easy):
            when = s.record_review(CARDS[0], DECK, rating, when).due + timedelta(days=1)
        assert s.card_state(CARDS[0]).state.stability > 10  # fuzz applies at this length
        preview = s.preview_intervals(CARDS[0], DECK, when)
        assert preview[Rating.Again] == timedelta(minutes=10)
        assert preview[Rating.Hard] < preview[Rating.Good] < preview[Rating.Easy]
        for rating in Rating:
            assert s.record_review(CARDS[0], DECK, rating, when).interval == preview[rating]
            s.undo_last_review()


def test_a_preview_reads_the_card_and_its_settings_in_one_snapshot(db_path, store, monkeypatch):
    """Another instance answers the card and changes the deck's settings while a preview
    reads them: the preview is of the card and settings as they were together, before or
    after, never the card before with the settings after."""
    when = NOW
    for rating in (Rating.Good, Rating.Good, Rating.Good):
        when = store.record_review(CARDS[0], DECK, rating, when).due + timedelta(days=1)

    def other_instance_changes() -> None:
        with ProgressStore(db_path, tz=PARIS) as other:
            other.record_review(CARDS[0], DECK, Rating.Again, when - timedelta(hours=1))
            other.set_settings(DECK, StudySettings(relearning_steps=(timedelta(minutes=30),)))

    untouched = store.preview_intervals(CARDS[0], DECK, when)
    reading = store._read
    landed = []

    @contextmanager
    def change_lands_after_the_first_snapshot():
        with reading() as db:
            yield db
        if not landed:
            landed.append(True)
            other_instance_changes()

    # Whatever the preview reads after its first snapshot (settings, the card) sees the change.
    monkeypatch.setattr(store, "_read", change_lands_after_the_first_snapshot)
    preview = store.preview_intervals(CARDS[0], DECK, when)
    monkeypatch.undo()
    assert landed
    assert store.preview_intervals(CARDS[0], DECK, when) != untouched  # the change shows
    assert preview == untouched  # read in one snapshot, before it


def test_eighth_lapse_makes_a_leech(store):
    when = NOW
    result = None
    for lapse in range(1, 9):
        # bring the card to review state, then forget it
        while (
            store.card_state(CARDS[0]) is None
            or store.card_state(CARDS[0]).state.state != State.Review
        ):
            when = store.record_review(CARDS[0], DECK, Rating.Good, when).due
        result = store.record_review(CARDS[0], DECK, Rating.Again, when)
        when = result.due
        assert result.lapses == lapse
        assert result.leech == (lapse >= 8)
    assert result.became_leech
    assert store.leeches() == store.leeches(DECK) == [CARDS[0]]
    assert store.leeches("other") == []
    store.undo_last_review()
    assert store.card_state(CARDS[0]).lapses == 7 and store.leeches() == []


def test_leech_threshold_is_a_setting(store):
    store.set_settings(DECK, StudySettings(leech_threshold=1, learning_steps=()))
    first = store.record_review(CARDS[0], DECK, Rating.Good, NOW)
    assert first.after.state == State.Review
    assert store.record_review(CARDS[0], DECK, Rating.Again, first.due).became_leech


# --- settings ---


def test_settings_global_default_and_per_deck(db_path, store):
    assert store.get_settings(DECK) == StudySettings()
    store.set_settings(None, StudySettings(new_per_day=10))
    assert store.get_settings(DECK).new_per_day == 10
    store.set_settings(DECK, StudySettings(new_per_day=3))
    assert store.get_settings(DECK).new_per_day == 3
    assert store.get_settings("other").new_per_day == 10
    assert store.deck_has_own_settings(DECK)
    with ProgressStore(db_path) as reopened:
        assert reopened.get_settings(DECK).new_per_day == 3
        reopened.clear_settings(DECK)
    # another connection's change is seen, not a stale cache
    assert store.get_settings(DECK).new_per_day == 10


# --- the queue ---


def test_new_cards_in_deck_order_one_per_item(store):
    queue = store.build_queue(DECK, CARDS, NOW)
    assert ids(queue) == [f"{DECK}/{item}#when" for item in ITEMS]
    assert {e.kind for e in queue} == {"new"} and queue[0].due is None


MIXED = [  # a deck that lists its dates first, then facts, cards and cloze, as the bundled ones
    *(f"{DECK}/event{n}#{kind}" for n in range(30) for kind in ("when", "what")),
    *(f"{DECK}/fact{n}#fact" for n in range(10)),
    *(f"{DECK}/card{n}#front" for n in range(5)),
    *(f"{DECK}/cloze{n}#cloze-{blank}" for n in range(5) for blank in (1, 2)),
]


def test_new_cards_interleave_their_kinds_by_default(store):
    """So that every kind of card shows on the first day, not after the 60 dates."""
    queue = ids(store.build_queue(DECK, MIXED, NOW))
    assert len(queue) == 20
    # every type of item (the "what" of an event waits for a day: its "when" is a sibling)
    item_types = {card.partition("/")[2].partition("#")[0].rstrip("0123456789") for card in queue}
    assert item_types == {"event", "fact", "card", "cloze"}
    assert len({card.partition("#")[0] for card in queue}) == 20  # siblings still spread
    store.set_settings(DECK, StudySettings(new_order="deck"))
    assert ids(store.build_queue(DECK, MIXED, NOW)) == [f"{DECK}/event{n}#when" for n in range(20)]


@pytest.mark.parametrize("seed", range(4))
def test_interleaved_new_cards_read_by_kind_are_new_card_order(store, seed):
    """The store reads each kind of new card through its index, as far as the queue takes
    them: the order is `new_card_order`'s over the deck's new cards, whichever were
    answered (here, without siblings in the way: one card per item)."""
    rng = random.Random(seed)
    kinds = ["when", "fact", "front", "cloze-1", "cloze-12", "reverse"]
    deck = [f"{DECK}/i{n}#{rng.choice(kinds[: rng.randint(1, 6)])}" for n in range(80)]
    store.set_settings(DECK, StudySettings(new_per_day=40))
    store.sync_deck(DECK, deck)
    for card in rng.sample(deck, 30):
        store.record_review(card, DECK, Rating.Good, NOW - timedelta(days=3))
    deck = [*deck[5:], f"{DECK}/added#fact"]  # orphans, and a card added
    store.sync_deck(DECK, deck)
    answered = {card for card, record in store.card_states(DECK).items() if not record.is_new}
    new = [card for card in deck if card not in answered]
    expected = new_card_order(new, "interleave", "")[:40]
    assert [e.card_id for e in store.build_queue(DECK, deck, NOW) if e.kind == "new"] == expected


def test_the_kind_index_says_card_kind_in_sql(store, db_path):
    odd = ["d/a#cloze-1", "d/a#cloze-12-3", "d/a#when", "d/a#", "d/a", "d/a#-x", "d/é#été-2"]
    db = raw(db_path)
    for key in odd:
        assert db.execute(f"SELECT {CARD_KIND} FROM (SELECT ? AS key)", (key,)).fetchone() == (
            card_kind(key),
        )


def test_due_reviews_beyond_the_first_batch_keep_their_order(store, monkeypatch):
    """Due reviews are read in growing batches (the first of 3 here): the queue is the
    one sorted in Python from every due card, siblings left out across the batches."""
    monkeypatch.setattr(progress, "REVIEW_BATCH", 3)
    rng = random.Random(3)
    deck = [f"{DECK}/i{i}#{kind}" for i in range(40) for kind in ("when", "what")]
    store.set_settings(DECK, StudySettings(reviews_per_day=25, enable_fuzzing=False))
    store.sync_deck(DECK, deck)
    for card in rng.sample(deck, 60):
        when = NOW - timedelta(days=rng.randint(20, 90), minutes=rng.randint(0, 600))
        store.record_review(card, DECK, Rating.Easy, when)  # a review card, due by now
    batched = [e for e in store.build_queue(DECK, deck, NOW) if e.kind == "review"]
    # a card list the store does not hold: every due card read, and sorted in Python
    unsynced = [*deck, f"{DECK}/added#when"]
    in_python = [e for e in store._queue(DECK, unsynced, NOW, LEARN_AHEAD) if e.kind == "review"]
    assert len(batched) == 25
    assert batched == in_python


def test_random_new_order_is_the_same_all_day(store):
    store.set_settings(DECK, StudySettings(new_order="random"))
    queue = ids(store.build_queue(DECK, MIXED, NOW))
    assert queue == ids(store.build_queue(DECK, MIXED, NOW + timedelta(hours=3)))
    assert queue != ids(store.build_queue(DECK, MIXED, NOW + timedelta(days=1)))
    assert queue[:5] != [f"{DECK}/event{n}#when" for n in range(5)]
    assert len({card.partition("#")[0] for card in queue}) == 20


def test_new_limit_counts_cards_introduced_today(store):
    store.set_settings(DECK, StudySettings(new_per_day=4))
    assert len(store.build_queue(DECK, CARDS, NOW)) == 4
    store.record_review(CARDS[0], DECK, Rating.Easy, NOW)  # introduced, and graduated
    store.record_review(CARDS[2], DECK, Rating.Easy, NOW)
    queue = store.build_queue(DECK, CARDS, NOW)
    assert [e.kind for e in queue] == ["new", "new"]
    assert ids(queue) == [CARDS[4], CARDS[6]]


def test_queue_order_learning_then_reviews_by_retrievability_then_new(store):
    settings = StudySettings(enable_fuzzing=False)
    store.set_settings(DECK, settings)
    day0 = NOW - timedelta(days=30)
    # Three review cards of different items, learned with different strength.
    store.record_review(CARDS[0], DECK, Rating.Easy, day0)
    store.record_review(CARDS[2], DECK, Rating.Good, day0)
    store.record_review(CARDS[2], DECK, Rating.Good, day0 + timedelta(minutes=10))
    store.record_review(CARDS[4], DECK, Rating.Easy, NOW - timedelta(days=10))
    assert all(store.card_state(c).state.state == State.Review for c in CARDS[0:6:2])
    # A card in learning, due five minutes ago.
    store.record_review(CARDS[6], DECK, Rating.Good, NOW - timedelta(minutes=15))

    queue = store.build_queue(DECK, CARDS, NOW)
    kinds = [e.kind for e in queue]
    assert kinds == ["learning", "review", "review", "review", "new", "new"]
    assert queue[0].card_id == CARDS[6]
    reviews = queue[1:4]
    # weakest memory first: short stability and long overdue, then long stability overdue
    assert ids(reviews) == [CARDS[2], CARDS[0], CARDS[4]]
    rs = [e.retrievability for e in reviews]
    assert rs == sorted(rs) and rs[0] < rs[-1]
    assert ids(queue[4:]) == [CARDS[8], CARDS[10]]  # siblings of cards in the queue are left out


def test_reviews_due_later_today_are_in_todays_queue_but_not_tomorrows_cards(store):
    store.set_settings(DECK, StudySettings(enable_fuzzing=False, new_per_day=0))
    first = store.record_review(CARDS[0], DECK, Rating.Easy, NOW - timedelta(days=20))
    due = first.due  # days later, at the same time of day
    morning_of_due_day = due.astimezone(PARIS).replace(hour=5, minute=0).astimezone(UTC)
    evening_before = due.astimezone(PARIS).replace(hour=3, minute=0).astimezone(UTC)
    assert ids(store.build_queue(DECK, CARDS, morning_of_due_day)) == [CARDS[0]]
    assert ids(store.build_queue(DECK, CARDS, evening_before)) == []


def test_review_limit_counts_reviews_done_today(store):
    store.set_settings(DECK, StudySettings(reviews_per_day=2, new_per_day=0, enable_fuzzing=False))
    past = NOW - timedelta(days=40)
    for card in CARDS[0::2]:
        store.record_review(card, DECK, Rating.Easy, past)
    queue = store.build_queue(DECK, CARDS, NOW)
    assert [e.kind for e in queue] == ["review", "review"]
    store.record_review(queue[0].card_id, DECK, Rating.Good, NOW)
    assert len(store.build_queue(DECK, CARDS, NOW)) == 1
    store.record_review(queue[1].card_id, DECK, Rating.Good, NOW)
    assert store.build_queue(DECK, CARDS, NOW) == []
    assert store.deck_counts(DECK, CARDS, NOW + timedelta(days=1)).due == 2


def test_sibling_of_a_card_answered_today_waits_for_tomorrow(store):
    store.set_settings(DECK, StudySettings(enable_fuzzing=False))
    past = NOW - timedelta(days=40)
    store.record_review(CARDS[0], DECK, Rating.Easy, past)  # concordia#when
    store.record_review(CARDS[1], DECK, Rating.Easy, past)  # concordia#what
    queue = store.build_queue(DECK, CARDS, NOW)
    assert [e.card_id for e in queue if e.kind == "review"] in ([CARDS[0]], [CARDS[1]])
    shown = queue[0].card_id
    store.record_review(shown, DECK, Rating.Good, NOW)
    assert all(e.card_id not in CARDS[:2] for e in store.build_queue(DECK, CARDS, NOW))
    tomorrow = store.build_queue(DECK, CARDS, NOW + timedelta(days=1))
    assert [e.card_id for e in tomorrow if e.kind == "review"] == [
        c for c in CARDS[:2] if c != shown
    ]


def test_new_day_starts_at_the_day_start_hour_in_the_learners_zone(store):
    store.set_settings(DECK, StudySettings(new_per_day=2))
    late_evening = datetime(2024, 5, 10, 23, 30, tzinfo=PARIS)
    for card in (CARDS[0], CARDS[2]):
        store.record_review(card, DECK, Rating.Easy, late_evening)
    after_midnight = datetime(2024, 5, 11, 3, 59, tzinfo=PARIS)
    assert store.deck_counts(DECK, CARDS, after_midnight).new == 0
    day_start = datetime(2024, 5, 11, 4, 0, tzinfo=PARIS)
    assert store.deck_counts(DECK, CARDS, day_start).new == 2


def test_new_day_across_the_spring_dst_change(store):
    store.set_settings(DECK, StudySettings(new_per_day=1))
    # Saturday 30 March 2024, 22:00 Paris (CET); clocks go forward that night.
    store.record_review(CARDS[0], DECK, Rating.Easy, datetime(2024, 3, 30, 21, 0, tzinfo=UTC))
    assert (
        store.deck_counts(DECK, CARDS, datetime(2024, 3, 31, 1, 59, tzinfo=UTC)).new == 0
    )  # 03:59 CEST
    assert (
        store.deck_counts(DECK, CARDS, datetime(2024, 3, 31, 2, 0, tzinfo=UTC)).new == 1
    )  # 04:00 CEST


def test_learning_cards_due_soon_come_last_and_count(store):
    store.set_settings(DECK, StudySettings(new_per_day=1))
    store.record_review(CARDS[0], DECK, Rating.Again, NOW)  # due in 1 minute
    queue = store.build_queue(DECK, CARDS, NOW)
    assert [(e.card_id, e.kind) for e in queue] == [(CARDS[0], "learning")]  # new limit used up
    assert store.build_queue(DECK, CARDS, NOW, learn_ahead=timedelta(0)) == []
    assert store.deck_counts(DECK, CARDS, NOW) == DeckCounts(new=0, learning=1, due=0)
    assert store.deck_counts(DECK, CARDS, NOW + timedelta(minutes=1)) == (0, 1, 0)


def test_removed_cards_leave_the_queue_but_keep_their_history(store):
    store.set_settings(DECK, StudySettings(enable_fuzzing=False))
    store.record_review(CARDS[0], DECK, Rating.Easy, NOW - timedelta(days=40))
    assert CARDS[0] in ids(store.build_queue(DECK, CARDS, NOW))
    smaller = CARDS[2:]
    queue = store.build_queue(DECK, smaller, NOW)
    assert CARDS[0] not in ids(queue) and CARDS[1] not in ids(queue)
    assert store.orphaned_cards(DECK) == [CARDS[0]]
    record = store.card_state(CARDS[0])
    assert not record.in_deck and record.reps == 1
    assert len(store.review_history(CARDS[0])) == 1
    # Put back in the deck, it comes back with its schedule.
    assert CARDS[0] in ids(store.build_queue(DECK, CARDS, NOW))
    assert store.card_state(CARDS[0]).in_deck


def test_card_states_for_browsing(store):
    store.sync_deck(DECK, CARDS)
    store.record_review(CARDS[3], DECK, Rating.Good, NOW)
    states = store.card_states(DECK)
    assert set(states) == set(CARDS)
    assert states[CARDS[3]].state.state == State.Learning
    assert states[CARDS[0]].is_new and states[CARDS[0]].in_deck


def test_another_instances_deck_edit_is_seen(db_path, store):
    assert len(store.build_queue(DECK, CARDS, NOW)) == 6
    with ProgressStore(db_path, tz=PARIS) as other:
        other.sync_deck(DECK, CARDS[:2])  # e.g. a newer deck file, loaded elsewhere
    assert len(store.build_queue(DECK, CARDS, NOW)) == 6
    assert store.card_state(CARDS[4]).in_deck


# --- quizzes ---


def answer(store, quiz, verdict, n=0, when=NOW):
    return store.record_quiz_answer(
        quiz,
        question_id=f"{DECK}/concordia#when-q{n}",
        kind="date",
        prompt="When did Concordia start?",
        verdict=verdict,
        given="2003",
        expected="31 March 2003",
        duration_ms=4200,
        now=when,
    )


def test_a_quiz_is_scored_and_kept(db_path, store):
    assert store.last_quiz_score(DECK) is None
    quiz = store.start_quiz(DECK, NOW)
    for n, verdict in enumerate(["correct", "typo", "wrong", "correct"]):
        answer(store, quiz, verdict, n, NOW + timedelta(seconds=10 * n))
    # committed as given: another connection sees the answers before the quiz ends
    with ProgressStore(db_path) as other:
        assert len(other.quiz_answers(quiz)) == 4
    finished = store.finish_quiz(quiz, NOW + timedelta(minutes=2), complete=True)
    assert finished.score == 0.75
    assert (finished.answered, finished.correct, finished.typo, finished.wrong) == (4, 2, 1, 1)
    assert finished.ended_at == NOW + timedelta(minutes=2)
    assert store.last_quiz_score(DECK) == 0.75

    later = store.start_quiz(DECK, NOW + timedelta(hours=1))
    answer(store, later, "wrong")
    store.finish_quiz(later, NOW + timedelta(hours=1, minutes=1), complete=True)
    assert store.last_quiz_score(DECK) == 0.0
    assert [q.quiz_id for q in store.quiz_history(DECK)] == [later, quiz]
    assert store.quiz_history("other") == []

    first = store.quiz_answers(quiz)[1]
    assert (first.verdict, first.given, first.expected, first.kind) == (
        "typo",
        "2003",
        "31 March 2003",
        "date",
    )
    assert first.deck_id == DECK and first.duration_ms == 4200
    assert len(store.quiz_answers(deck_id=DECK)) == 5


def test_quiz_answers_are_checked(store):
    quiz = store.start_quiz(DECK, NOW)
    with pytest.raises(ValueError):
        answer(store, quiz, "almost")
    with pytest.raises(ValueError):
        answer(store, quiz + 1, "correct")
    assert store.finish_quiz(quiz, NOW, complete=True) is None  # nothing answered: not kept
    assert store.quiz_history(DECK) == []


def test_a_quiz_left_part_way_keeps_its_answers_but_no_score(store):
    done = store.start_quiz(DECK, NOW)
    answer(store, done, "correct")
    store.finish_quiz(done, NOW, complete=True)
    left = store.start_quiz(DECK, NOW + timedelta(hours=1))
    answer(store, left, "wrong")
    record = store.finish_quiz(left, NOW + timedelta(hours=1, minutes=1), complete=False)
    assert record.left and not record.finished and record.score is None
    assert record.answered == 1 and record.ended_at is not None
    assert store.last_quiz_score(DECK) == 1.0  # the finished one's, not the one left
    never_closed = store.start_quiz(DECK, NOW + timedelta(hours=2))  # the app was killed
    answer(store, never_closed, "correct")
    assert [(q.finished, q.left) for q in store.quiz_history(DECK)] == [
        (False, True),
        (False, True),
        (True, False),
    ]


# --- several processes, and crashes ---


def helper(db_path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(HELPER), str(db_path), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_answering_at_once(db_path):
    ProgressStore(db_path).close()
    n = 150
    writers = [helper(db_path, str(n), "--wait-go", "--cards", "30") for _ in range(2)]
    for w in writers:
        assert w.stdout.readline().strip() == "ready"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        out, err = w.communicate(timeout=60)
        assert w.returncode == 0, err
        assert out.splitlines()[-1] == f"answered {n}"
    with ProgressStore(db_path) as s:
        assert len(s.reviews()) == 2 * n
        for i in range(30):
            history = s.review_history(f"deck/c{i}#a")
            assert len(history) == 2 * n // 30
            # each answer saw the state the previous one left, whichever process gave it
            for previous, current in itertools.pairwise(history):
                assert current.before == previous.after


def test_answers_survive_kill_9(db_path):
    n = 25
    child = helper(db_path, str(n), "--then", "hang")
    lines = [child.stdout.readline().strip() for _ in range(n)]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert lines[-1] == f"answered {n}", child.stderr.read()
    assert Path(f"{db_path}-wal").exists()  # the answers were never checkpointed
    with ProgressStore(db_path) as s:
        assert len(s.reviews()) == n
    assert raw(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_kill_9_mid_stream_loses_nothing_reported(db_path):
    child = helper(db_path, "0")  # answers until killed
    for _ in range(40):
        child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    reported = 40 + len(child.stdout.read().splitlines())
    with ProgressStore(db_path) as s:
        stored = len(s.reviews())
    # every reported answer is there; at most one more was committed but not yet reported
    assert reported <= stored <= reported + 1
    assert raw(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- home counts: read only, and the same as today's queue ---


def test_home_counts_never_write_even_for_a_deck_never_studied(db_path, store):
    store.record_review(CARDS[0], DECK, Rating.Again, NOW - timedelta(days=2))
    changed = [*CARDS[2:], "otan-ue/new-item#when"]  # the deck changed since
    other = raw(db_path)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock throughout
    try:
        before = other.execute("SELECT count(*), sum(position IS NOT NULL) FROM cards").fetchone()
        assert store.deck_counts(DECK, changed, NOW) == DeckCounts(new=6, learning=0, due=0)
        assert store.deck_counts("never-studied", ["never-studied/a#when"], NOW) == (1, 0, 0)
        assert store.deck_counts(DECK, CARDS, NOW) == DeckCounts(new=5, learning=1, due=0)
        assert other.execute(
            "SELECT count(*), sum(position IS NOT NULL) FROM cards"
        ).fetchone() == (before)
        assert other.execute("SELECT count(*) FROM decks").fetchone() == (1,)
    finally:
        other.execute("ROLLBACK")


@pytest.mark.parametrize("seed", range(6))
def test_home_counts_of_a_changed_deck_are_its_queue_once_studied(db_path, seed):
    """The queue of a deck whose card list changed is read two ways: matched to the new
    list (home counts, which never write) and, once studied, from the list recorded.
    Both give the same queue, in the same order."""
    rng = random.Random(seed)
    items = [f"{DECK}/i{i}#{kind}" for i in range(30) for kind in ("when", "what")]
    settings = StudySettings(new_per_day=4, reviews_per_day=5, enable_fuzzing=False)
    with ProgressStore(db_path, tz=PARIS) as store:
        store.set_settings(DECK, settings)
        store.sync_deck(DECK, items)
        for card in rng.sample(items, 40):
            when = NOW - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 600))
            for _ in range(rng.randint(1, 3)):
                answer = store.record_review(card, DECK, rng.choice(list(Rating)), when)
                when = answer.due
        changed = rng.sample(items, 50) + [f"{DECK}/added{i}#when" for i in range(5)]
        # what deck_counts reads, without writing: the queue matched to the new list
        read_only = store._queue(DECK, changed, NOW, LEARN_AHEAD)
        queue = store.build_queue(DECK, changed, NOW)  # records the new list
        assert read_only == queue
        assert store.deck_counts(DECK, changed, NOW) == (
            sum(e.kind == "new" for e in queue),
            sum(e.kind == "learning" for e in queue),
            sum(e.kind == "review" for e in queue),
        )


@pytest.mark.parametrize("synced", [True, False], ids=["synced", "changed-since"])
def test_home_counts_are_what_the_queue_holds(store, synced):
    store.set_settings(DECK, StudySettings(new_per_day=3, enable_fuzzing=False))
    past = NOW - timedelta(days=30)
    store.record_review(CARDS[0], DECK, Rating.Easy, past)  # due: a review
    store.record_review(CARDS[3], DECK, Rating.Again, NOW - timedelta(minutes=5))  # learning
    store.record_review(CARDS[4], DECK, Rating.Easy, NOW)  # 2 new cards answered today: 1 left
    cards = CARDS if synced else CARDS[::-1]
    if synced:
        store.sync_deck(DECK, cards)
    counts = store.deck_counts(DECK, cards, NOW)
    queue = store.build_queue(DECK, cards, NOW)
    assert counts == (
        sum(e.kind == "new" for e in queue),
        sum(e.kind == "learning" for e in queue),
        sum(e.kind == "review" for e in queue),
    )
    assert counts == DeckCounts(new=1, learning=1, due=1)


def test_a_store_dropped_without_close_is_freed_at_once(db_path):
    """Nothing in the store points back at it (its write transaction holds a weak proxy):
    a store dropped without close() frees itself and its connection by reference counting,
    with no gc pass."""
    import gc
    import weakref

    store = ProgressStore(db_path)
    store.record_review(CARDS[0], DECK, Rating.Good, NOW)  # a write through the transaction
    dropped = weakref.ref(store)
    gc.disable()
    try:
        del store
        assert dropped() is None
    finally:
        gc.enable()
