"""The same history in Anki's collection: the side-by-side figures for the progress store.

    uv run python benchmarks/bench_anki.py [--json] [--cards N] [--reviews N]

Builds an Anki collection (the `anki` wheel of the dev group: Anki's own Rust backend)
holding `bench_store`'s synthetic history: one "Basic (and reversed card)" note per two
cards, every card's FSRS state and the whole review log, FSRS on. Then it measures what
issue 16 compares with quiz-app's store: the collection's size, answering a card
(`answerCard`: next state, answer committed, as Anki runs WAL with synchronous=FULL) and
building the study queue (the first `get_queued_cards` of an opened collection: the
backend keeps its queues between calls). `run()` is importable for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import json as _json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import DAY, NOW, History, synthetic_history

REVLOG_TYPE = {0: 0, 1: 0, 2: 1, 3: 2}  # quiz-app's kind (state before) -> Anki's revlog type


def _interval(state: int, due: int, at: int) -> int:
    """Anki's revlog interval: days for a review card, negative seconds while learning."""
    return max(1, (due - at) // DAY) if state == 2 else -(due - at)


def build_collection(path: Path, n_cards: int, n_reviews: int) -> None:
    """The notes go through Anki's API; the cards' states and the review log are then bulk
    loaded with plain SQL in one transaction, as bench_store loads quiz-app's store
    (through the collection's own connection, that load took over half an hour here)."""
    from anki.collection import AddNoteRequest, Collection

    col = Collection(str(path))
    try:
        col.set_config("fsrs", True)
        deck_id = col.decks.id("bench")
        col.decks.select(deck_id)
        notetype = col.models.by_name("Basic (and reversed card)")
        requests = []
        for item in range((n_cards + 1) // 2):
            note = col.new_note(notetype)
            note["Front"] = f"Question of item {item:06d}: when was it signed?"
            note["Back"] = f"The answer of item {item:06d}"
            requests.append(AddNoteRequest(note=note, deck_id=deck_id))
        col.add_notes(requests)
        today = col.sched.today
    finally:
        col.close()

    history: History = synthetic_history(n_cards, n_reviews)
    now = int(NOW.timestamp())
    db = sqlite3.connect(path, isolation_level=None)
    # quiz-app's card n (1-based) is item (n - 1) // 2, kind (n - 1) % 2: note, ord.
    anki_ids = [cid for (cid,) in db.execute("SELECT id FROM cards ORDER BY nid, ord")]
    previous: dict[int, int] = {}  # card -> its previous revlog interval
    revlog = []
    for review_id, card, rating, duration_ms, kind, state, *_, due, _last in history.reviews:
        interval = _interval(state, due, review_id // 1000)
        revlog.append(
            (
                review_id,
                anki_ids[card - 1],
                rating,
                interval,
                previous.get(card, 0),
                duration_ms,
                REVLOG_TYPE[kind],
            )
        )
        previous[card] = interval
    db.execute("BEGIN")
    db.executemany(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, reps = ?, lapses = ?, "
        "left = ?, data = ? WHERE id = ?",
        [
            (
                state,
                2 if state == 2 else 1,
                today + (due - now) // DAY if state == 2 else due,
                _interval(state, due, last) if state == 2 else 0,
                reps,
                lapses,
                0 if state == 2 else 1,
                _json.dumps({"s": s, "d": d, "dr": 0.9, "lrt": last}, separators=(",", ":")),
                anki_ids[card - 1],
            )
            for state, _step, s, d, due, last, reps, lapses, card in history.cards
        ],
    )
    db.executemany("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, 2500, ?, ?)", revlog)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def run(n_cards: int = 100_000, n_reviews: int = 1_000_000, repeats: int = 7) -> dict:
    """Build the collection in a temporary folder and time it; returns the figures."""
    from anki.collection import Collection

    with tempfile.TemporaryDirectory(prefix="anki-bench-") as tmp:
        path = Path(tmp) / "collection.anki2"
        started = time.perf_counter()
        build_collection(path, n_cards, n_reviews)
        build_s = time.perf_counter() - started
        size_mb = _size(path) / 1e6

        queue_times = []
        for _ in range(repeats):
            col = Collection(str(path))
            try:
                start = time.perf_counter()
                col.sched.get_queued_cards()
                queue_times.append((time.perf_counter() - start) * 1000)
            finally:
                col.close()

        col = Collection(str(path))
        try:
            # How Anki commits an answer, to compare like with like: its backend runs WAL,
            # synchronous FULL (SQLite's default: one fsync per commit, as quiz-app's store)
            # and an exclusive lock.
            durability = {
                pragma: col.db.scalar(f"pragma {pragma}")
                for pragma in ("journal_mode", "synchronous", "locking_mode")
            }
            answer_times = []
            for _ in range(10 * repeats):
                queued = col.sched.get_queued_cards()
                card = col.get_card(queued.cards[0].card.id)
                card.start_timer()
                start = time.perf_counter()
                # As record_review: the card's next state computed, the answer committed
                # (and the card read back, which answerCard adds).
                col.sched.answerCard(card, 3)  # Good
                answer_times.append((time.perf_counter() - start) * 1000)
        finally:
            col.close()
    return {
        "cards": n_cards,
        "reviews": n_reviews,
        "build_seconds": round(build_s, 1),
        "db_size_mb": round(size_mb, 1),
        "build_queue_ms": round(statistics.median(queue_times), 2),
        "answer_median_ms": round(statistics.median(answer_times), 3),
        "durability": durability,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    results = run(args.cards, args.reviews)
    if args.json:
        print(_json.dumps(results, indent=2))
    else:
        for name, value in results.items():
            print(f"  {name:<20} {value}")


if __name__ == "__main__":
    main()
