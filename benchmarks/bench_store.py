"""Benchmark the progress store at scale: 100,000 cards and 1,000,000 reviews.

    uv run python benchmarks/bench_store.py [--json] [--cards N] [--reviews N]

Targets (issues 5 and 16): recording a review, median <= 2 ms; building today's queue
<= 7 ms (what it took before the queue became a pure function); the home screen's
counts as fast; the statistics of every deck <= 200 ms; the database no larger than
Anki's collection for the same history (100,000 cards and 990,000 reviews: 91 MB). Not a pytest test: timings depend on the
machine. `run()` is importable for a benchmarks runner.

The history is synthetic but shaped like a real one: two years of reviews,
most cards in review state, a few in (re)learning, a tenth still new, a few
thousand reviews due today and some answers already given today. It is bulk
inserted with plain SQL in one transaction (the store has no bulk import, and
a million `record_review` calls would only measure patience); the card list
itself goes through `ProgressStore.sync_deck`.
"""

from __future__ import annotations

import argparse
import json as _json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quiz_app.model import Deck, Fact
from quiz_app.scheduling import Rating
from quiz_app.stats import deck_stats
from quiz_app.store import ProgressStore

TARGETS = {
    "record_review_median_ms": 2.0,
    "build_queue_ms": 7.0,
    "deck_counts_ms": 7.0,
    "stats_all_decks_ms": 200.0,
    "db_size_mb": 91.0,
}
DECK = "bench"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
DAY = 86400


class History(NamedTuple):
    """A synthetic history, in quiz-app's columns (times in Unix seconds, review ids in ms).

    `reviews`: (id, card, rating, duration_ms, kind, state, step, stability, difficulty,
    due, last_review), in time order, `card` being the card's 1-based place in the deck;
    `cards`: (state, step, stability, difficulty, due, last_review, reps, lapses, card).
    """

    reviews: list[tuple]
    cards: list[tuple]


def synthetic_history(n_cards: int, n_reviews: int, seed: int = 5) -> History:
    """`n_reviews` reviews of a deck of `n_cards` cards, shaped as described above."""
    rng = random.Random(seed)
    now = int(NOW.timestamp())
    n_reviewed = min(n_cards, n_cards * 9 // 10 if n_reviews else 0)
    reviewed = sorted(rng.sample(range(n_cards), n_reviewed))
    per_card = [1] * n_reviewed
    for _ in range(max(0, n_reviews - n_reviewed)):
        per_card[rng.randrange(n_reviewed)] += 1

    reviews: list[tuple] = []
    cards: list[tuple] = []
    for index, count in zip(reviewed, per_card, strict=False):
        # Reviews spread between a first and a last answer, gaps growing as they do.
        answered_today = rng.random() < 0.001
        last = now - (rng.randint(600, 4 * 3600) if answered_today else rng.randint(1, 400) * DAY)
        first = last - rng.randint(count, 700) * DAY
        weights = [1.6**i for i in range(count)]
        total = sum(weights[:-1]) or 1
        times, t = [], first
        for w in weights[:-1]:
            times.append(int(t))
            t += (last - first) * w / total
        times.append(last)
        s, d = rng.uniform(0.5, 3.0), rng.uniform(2.0, 8.0)
        state, step, lapses, kind = 1, 0, 0, 0
        for t in times:
            rating = rng.choices((1, 2, 3, 4), (8, 10, 75, 7))[0]
            lapse = state == 2 and rating == 1
            lapses += lapse
            s = min(36500.0, max(0.1, s * (0.3 if rating == 1 else rng.uniform(1.2, 3.0))))
            d = min(10.0, max(1.0, d + rng.uniform(-0.5, 0.7)))
            state, step = (3, 0) if lapse else (2, None)
            interval = 600 if state == 3 else int(s * DAY)
            after = (state, step, _num_f(s), _num_f(d), t + interval, t)
            # The state before is the previous review's after: derived, not stored.
            reviews.append((t, index + 1, rating, rng.randint(1500, 20000), kind, *after))
            kind = state
        # Final schedule: a few thousand reviews due today, a few in (re)learning.
        roll = rng.random()
        if roll < 0.03:
            state, step, due = 2, None, now - rng.randint(0, 5 * DAY)
        elif roll < 0.032:
            state, step, due = 3, 0, now - rng.randint(0, 1800)
        else:
            state, step, due = 2, None, now + rng.randint(1, 365) * DAY
        after = (state, step, _num_f(s), _num_f(d), due, last)
        # As the store keeps them, the card's state is its latest review's state after.
        reviews[-1] = (*reviews[-1][:5], *after)
        cards.append((*after, count, lapses, index + 1))

    reviews.sort(key=lambda row: row[0])  # in time order, as answers come
    ids = [row[0] * 1000 for row in reviews]
    for i in range(1, len(ids)):  # the store's id is the time in ms, unique
        ids[i] = max(ids[i], ids[i - 1] + 1)
    reviews = [(review_id, *row[1:]) for review_id, row in zip(ids, reviews, strict=False)]
    return History(reviews, cards)


def card_ids(n_cards: int) -> list[str]:
    return [f"{DECK}/item-{i // 2:06d}#{'when' if i % 2 == 0 else 'what'}" for i in range(n_cards)]


def build_database(path: Path, n_cards: int, n_reviews: int, seed: int = 5) -> list[str]:
    """Fill `path` with a deck of `n_cards` cards and `n_reviews` reviews; returns the card ids."""
    ids = card_ids(n_cards)
    with ProgressStore(path, tz=ZoneInfo("Europe/Paris")) as store:
        store.sync_deck(DECK, ids)
    history = synthetic_history(n_cards, n_reviews, seed)
    # Bulk load: the only SQL outside quiz_app.store.
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.executemany(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
        "last_review = ?, reps = ?, lapses = ? WHERE id = ?",
        history.cards,
    )
    db.executemany(
        "INSERT INTO reviews(id, card, rating, duration_ms, kind, state, step, stability, "
        "difficulty, due, last_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        history.reviews,
    )
    # Each card's Again answers, as record_review keeps them.
    db.execute(
        "UPDATE cards SET again = a.n FROM (SELECT card, count(*) AS n FROM reviews "
        "WHERE rating = 1 GROUP BY card) AS a WHERE a.card = cards.id"
    )
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return ids


def bench_deck(card_ids: list[str]) -> Deck:
    """The deck the benchmark's cards come from: one item per pair of cards, each with a
    theme tag (17 themes), so that the statistics rank tags as for a real deck."""
    items = dict.fromkeys(card_id.partition("/")[2].partition("#")[0] for card_id in card_ids)
    facts = tuple(
        Fact(id=item, tags=(f"theme-{i % 17}",), question=f"{item}?", answer=item)
        for i, item in enumerate(items)
    )
    return Deck(id=DECK, title="Benchmark", language="en", facts=facts)


def _num_f(value: float) -> float:
    return float(f"{value:.6g}")


def _db_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def run(
    json: bool = False,
    n_cards: int = 100_000,
    n_reviews: int = 1_000_000,
    report: bool = True,
    copy_to: Path | None = None,
) -> dict:
    """Build the database, time the store, print a report (unless not `report`); returns the
    numbers. `copy_to`: where to copy the database as built, before it is timed (for
    bench_anki's answers side by side, which need the same history without building it again)."""
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        path = Path(tmp) / "progress.sqlite3"
        t0 = time.perf_counter()
        card_ids = build_database(path, n_cards, n_reviews)
        build_s = time.perf_counter() - t0
        size_mb = _db_size(path) / 1e6
        if copy_to is not None:
            shutil.copyfile(path, copy_to)  # one file: build_database checkpoints the log

        tz = ZoneInfo("Europe/Paris")
        with ProgressStore(path, tz=tz) as store:
            t = time.perf_counter()
            queue = store.build_queue(DECK, card_ids, NOW)
            cold_ms = (time.perf_counter() - t) * 1000
            queue_times = []
            for _ in range(21):
                t = time.perf_counter()
                store.build_queue(DECK, card_ids, NOW)
                queue_times.append((time.perf_counter() - t) * 1000)
            kinds = {k: sum(1 for e in queue if e.kind == k) for k in ("learning", "review", "new")}
            count_times = []
            for _ in range(21):
                t = time.perf_counter()
                store.deck_counts(DECK, card_ids, NOW)
                count_times.append((time.perf_counter() - t) * 1000)
            deck = bench_deck(card_ids)
            stats_times = []
            for _ in range(5):  # the first as the stats screen opens, then again
                t = time.perf_counter()
                deck_stats(store, [deck], NOW, card_ids={DECK: card_ids})
                stats_times.append((time.perf_counter() - t) * 1000)

            review_times = []
            rng = random.Random(7)
            for i in range(300):
                card = rng.choice(card_ids)
                t = time.perf_counter()
                store.record_review(
                    card, DECK, rng.choice(list(Rating)), NOW + timedelta(seconds=i), 4000
                )
                review_times.append((time.perf_counter() - t) * 1000)
            # After other answers, the next queue is rebuilt from fresh state.
            t = time.perf_counter()
            store.build_queue(DECK, card_ids, NOW + timedelta(minutes=10))
            after_answers_ms = (time.perf_counter() - t) * 1000
        size_after_mb = _db_size(path) / 1e6

    results = {
        "cards": n_cards,
        "reviews": n_reviews,
        "build_seconds": round(build_s, 1),
        "record_review_median_ms": round(statistics.median(review_times), 3),
        "record_review_p95_ms": round(sorted(review_times)[int(len(review_times) * 0.95)], 3),
        "build_queue_ms": round(statistics.median(queue_times), 2),
        "build_queue_first_ms": round(cold_ms, 2),
        "build_queue_after_answers_ms": round(after_answers_ms, 2),
        "deck_counts_ms": round(statistics.median(count_times), 2),
        "stats_all_decks_ms": round(statistics.median(stats_times), 1),
        "stats_all_decks_first_ms": round(stats_times[0], 1),
        "queue": kinds,
        "db_size_mb": round(size_mb, 1),
        "db_size_after_answers_mb": round(size_after_mb, 1),
    }
    results["pass"] = {name: results[name] <= target for name, target in TARGETS.items()}
    if report and json:
        print(_json.dumps(results, indent=2))
    elif report:
        print(f"database: {n_cards:,} cards, {n_reviews:,} reviews (built in {build_s:.1f} s)")
        for name, target in TARGETS.items():
            verdict = "PASS" if results["pass"][name] else "FAIL"
            print(f"  {name:<26} {results[name]:>9}  (target <= {target})  {verdict}")
        print(
            f"  build_queue first call       {cold_ms:9.2f} ms (opens the deck: fingerprint check)"
        )
        print(f"  build_queue after answers    {after_answers_ms:9.2f} ms")
        print(f"  record_review p95            {results['record_review_p95_ms']:9} ms")
        print(f"  stats, the first call        {results['stats_all_decks_first_ms']:9} ms")
        print(f"  queue: {kinds}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    results = run(json=args.json, n_cards=args.cards, n_reviews=args.reviews)
    sys.exit(0 if all(results["pass"].values()) else 1)


if __name__ == "__main__":
    main()
