"""The same history in Anki's collection: the side-by-side figures for the progress store.

    uv run python benchmarks/bench_anki.py [--json] [--cards N] [--reviews N]

Builds an Anki collection (the `anki` wheel of the dev group: Anki's own Rust backend)
holding `bench_store`'s synthetic history: one "Basic (and reversed card)" note per two
cards, every card's FSRS state and the whole review log, FSRS on. Then it measures what
issue 16 compares with quiz-app's store: the collection's size, building the study queue
(the first `get_queued_cards` of an opened collection: the backend keeps its queues
between calls) and answering a card, side by side with quiz-app's store holding the same
history (`answers_side_by_side`). `run()` is importable for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import json as _json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import DAY, DECK, NOW, History, build_database, card_ids, synthetic_history

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
        deck_id = col.decks.id(DECK)
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


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """The wall time and this thread's CPU time `action` took, in seconds."""
    wall, cpu = time.perf_counter(), time.thread_time()
    action()
    return time.perf_counter() - wall, time.thread_time() - cpu


def answers_side_by_side(
    collection: Path, store: Path, n_cards: int, blocks: int = 16, size: int = 20
) -> dict:
    """Answering a card in Anki's collection and in quiz-app's store (the same history),
    in alternate blocks of `size` answers, so that a slow spell of the machine hits both
    sides alike: the median of the blocks' ratios (quiz-app's median answer over Anki's),
    their spread, and the median ratio of the blocks' CPU time (which the disk's flush
    does not count in).

    Both sides answer the same cards Good: each block, Anki answers the head of its queue
    (as it does when a learner studies: overdue relearning cards, then due reviews), then
    quiz-app answers those cards. Each commits every answer in WAL mode with
    synchronous=FULL, so an answer's time is mostly its flush to disk; Anki's collection
    also holds an exclusive lock, which quiz-app cannot (a second instance must open it)."""
    from anki.collection import Collection

    from quiz_app.scheduling import Rating
    from quiz_app.store import ProgressStore

    col = Collection(str(collection))
    ours = ProgressStore(store, tz=ZoneInfo("Europe/Paris"))
    try:
        # How Anki commits an answer, to compare like with like.
        durability = {
            pragma: col.db.scalar(f"pragma {pragma}")
            for pragma in ("journal_mode", "synchronous", "locking_mode")
        }
        # quiz-app's card n is the nth of Anki's cards by note and ordinal (build_collection);
        # Anki has one more for an odd number of cards.
        anki_ids = col.db.list("SELECT id FROM cards ORDER BY nid, ord")
        card_of = dict(zip(anki_ids, card_ids(n_cards), strict=False))
        moment = NOW
        ratios, cpu_ratios, anki_times, our_times = [], [], [], []
        for _ in range(blocks):
            anki_block, anki_cpu, answered = [], 0.0, []
            for _ in range(size):
                queued = col.sched.get_queued_cards().cards
                if not queued:
                    raise RuntimeError("Anki's queue ran out of cards: ask for fewer blocks")
                card = col.get_card(queued[0].card.id)
                card.start_timer()
                # Good; answerCard reads the card back. Anki's backend works in this thread.
                wall, cpu = _timed(lambda card=card: col.sched.answerCard(card, 3))
                anki_block.append(wall)
                anki_cpu += cpu
                answered.append(card_of[card.id])
            our_block, our_cpu = [], 0.0
            for card_id in answered:
                moment += timedelta(seconds=7)
                wall, cpu = _timed(
                    lambda card_id=card_id, moment=moment: ours.record_review(
                        card_id, DECK, Rating.Good, moment, 4000
                    )
                )
                our_block.append(wall)
                our_cpu += cpu
            ratios.append(statistics.median(our_block) / statistics.median(anki_block))
            cpu_ratios.append(our_cpu / anki_cpu)
            anki_times += anki_block
            our_times += our_block
    finally:
        ours.close()
        col.close()
    return {
        "ratio": round(statistics.median(ratios), 3),
        "ratio_range": (round(min(ratios), 3), round(max(ratios), 3)),
        "blocks": blocks,
        "answers": blocks * size,
        "cpu_ratio": round(statistics.median(cpu_ratios), 3),
        "ours_median_ms": round(statistics.median(our_times) * 1000, 3),
        "anki_median_ms": round(statistics.median(anki_times) * 1000, 3),
        "durability": durability,
    }


def run(
    n_cards: int = 100_000,
    n_reviews: int = 1_000_000,
    repeats: int = 7,
    store: Path | None = None,
    blocks: int = 16,
) -> dict:
    """Build the collection in a temporary folder and time it; returns the figures.
    `store`: quiz-app's store holding the same history (bench_store.run's `copy_to`), left
    as it is (answers go to a copy); built here when not given. `blocks` of 20 answers on
    each side: Anki's queue holds about 420 at 100,000 cards (its daily review limit)."""
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

        ours = Path(tmp) / "progress.sqlite3"
        if store is None:
            build_database(ours, n_cards, n_reviews)
        else:
            shutil.copyfile(store, ours)
        answers = answers_side_by_side(path, ours, n_cards, blocks)
    return {
        "cards": n_cards,
        "reviews": n_reviews,
        "build_seconds": round(build_s, 1),
        "db_size_mb": round(size_mb, 1),
        "build_queue_ms": round(statistics.median(queue_times), 2),
        "answers": answers,
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
