"""Answer cards in a child process, for the crash and two-writer tests.

    python answer_cards.py DB COUNT [--wait-go] [--then hang|exit] [--cards N]

Answers COUNT cards (`deck/c<i % N>#a`, Good, at a fixed time) and prints
"answered <i>" after each answer is committed. With --wait-go it first prints
"ready" and waits for a line on stdin, so that two writers start together.
COUNT 0 means: keep answering until killed. `--then hang` keeps the store
open afterwards, waiting on stdin, so the test can kill it with no clean exit.
"""

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from quiz_app.store import ProgressStore

NOW = datetime(2024, 3, 30, 12, 0, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("count", type=int)
    parser.add_argument("--wait-go", action="store_true")
    parser.add_argument("--then", choices=("hang", "exit"), default="exit")
    parser.add_argument("--cards", type=int, default=1_000_000)
    args = parser.parse_args()

    store = ProgressStore(args.db)
    if args.wait_go:
        print("ready", flush=True)
        sys.stdin.readline()
    i = 0
    while args.count == 0 or i < args.count:
        store.record_review(f"deck/c{i % args.cards}#a", "deck", 3, NOW, duration_ms=1000)
        i += 1
        print(f"answered {i}", flush=True)
    if args.then == "hang":
        sys.stdin.readline()
    store.close()


if __name__ == "__main__":
    main()
