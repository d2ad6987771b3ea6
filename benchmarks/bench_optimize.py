"""The optimizer against a simulated learner whose memory follows known FSRS parameters.

    uv run python benchmarks/bench_optimize.py [--cards N] [--days N] [--seeds N]

The learner studies with the default parameters' schedule but remembers as
tests/helpers/learner.py's TRUE_PARAMETERS say. Half the cards' reviews train
`quiz_app.optimize.fit`; the other half are held out, and the log loss and RMSE of the
defaults, the fitted and the true parameters on them are printed. Not part of pytest
(tests/core/test_optimize.py runs a smaller simulation).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from helpers.learner import TRUE_PARAMETERS, simulate  # noqa: E402
from quiz_app import optimize  # noqa: E402
from quiz_app.scheduling import DEFAULT_PARAMETERS  # noqa: E402


def one_run(cards: int, days: int, seed: int) -> dict[str, float]:
    reviews = simulate(cards=cards, days=days, seed=seed)
    ids = sorted({r.card_id for r in reviews})
    held_out = set(ids[1::2])
    train = [r for r in reviews if r.card_id not in held_out]
    test = optimize.training_items([r for r in reviews if r.card_id in held_out])
    start = time.perf_counter()
    outcome = optimize.fit(train, "bench")
    seconds = time.perf_counter() - start
    figures = {"reviews": len(train), "fit_seconds": seconds}
    for name, parameters in (
        ("default", DEFAULT_PARAMETERS),
        ("fitted", outcome.parameters),
        ("true", TRUE_PARAMETERS),
    ):
        figures[f"{name}_log_loss"], figures[f"{name}_rmse"] = optimize.evaluate(parameters, test)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.cards, args.days, seed) for seed in range(1, args.seeds + 1)]
    print(
        f"{args.cards} cards over {args.days} days, {args.seeds} seeds; held-out half of the cards"
    )
    print(f"  training reviews per run: {statistics.median(r['reviews'] for r in runs):.0f}")
    print(f"  fit time, median: {statistics.median(r['fit_seconds'] for r in runs) * 1000:.0f} ms")
    print(f"  {'parameters':<10} {'log loss':>9} {'RMSE':>8}   (medians over the seeds)")
    for name in ("default", "fitted", "true"):
        loss = statistics.median(r[f"{name}_log_loss"] for r in runs)
        rmse = statistics.median(r[f"{name}_rmse"] for r in runs)
        print(f"  {name:<10} {loss:>9.4f} {rmse:>8.2%}")
    wins = sum(r["fitted_log_loss"] < r["default_log_loss"] for r in runs)
    print(f"  fitted beats the defaults' log loss in {wins} of {len(runs)} runs")


if __name__ == "__main__":
    main()
