"""Every performance figure of quiz-app, each against a baseline measured in the same run.

    uv run python benchmarks/run.py [--json] [--quick]

These machines are noisy, so a figure is a ratio to a baseline taken in the same run
where one makes sense, and always the median of several runs. Not part of the pass/fail
tests: the exit code is 0 whatever the figures, and each line says whether it meets its
target. `--quick` uses fewer repeats and a smaller store (for trying the script out).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
sys.path[:0] = [str(REPO), str(BENCHMARKS)]

from synthetic import write_deck  # noqa: E402

PYTHON = sys.executable
# Child processes may write bytecode caches, as they do for a learner: without them every
# run would compile Textual from source, which is not what starting the app costs.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float
    baseline: float | None = None  # what a ratio was taken against, in its own unit
    note: str = ""

    @property
    def met(self) -> bool:
        return self.value <= self.target

    def line(self) -> str:
        against = f" (baseline {self.baseline:.1f} ms)" if self.baseline is not None else ""
        verdict = "ok  " if self.met else "MISS"
        line = f"{verdict} {self.name:<48} {self.value:>8.2f} {self.unit:<3} target ≤ {self.target:g}{against}"
        return f"{line}\n     {self.note}" if self.note else line


def median_of(repeats: int, action: Callable[[], object]) -> float:
    """Median wall time of `action`, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run_process(*args: str) -> None:
    subprocess.run(
        args,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env=CHILD_ENV,
    )


def quiz_app_command() -> list[str]:
    installed = shutil.which("quiz-app", path=str(Path(PYTHON).parent))
    return [installed] if installed else [PYTHON, "-m", "quiz_app"]


# --- The figures -----------------------------------------------------------------


def version_figure(repeats: int) -> Figure:
    command = quiz_app_command()
    run_process(*command, "--version")  # warm-up: bytecode caches
    baseline = median_of(repeats, lambda: run_process(PYTHON, "-c", "pass"))
    ours = median_of(repeats, lambda: run_process(*command, "--version"))
    return Figure("quiz-app --version / python -c pass", ours / baseline, "×", 3.0, baseline)


def big_deck_figure(repeats: int, workdir: Path) -> Figure:
    from quiz_app.generator import study_cards
    from quiz_app.loader import load_deck

    path = write_deck(workdir / "synthetic.yaml", 10_000)
    text = path.read_text(encoding="utf-8")
    baseline = median_of(repeats, lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    ours = median_of(repeats, lambda: study_cards(load_deck(path)))
    return Figure(
        "10,000-item deck: load+validate+cards / CSafeLoader", ours / baseline, "×", 2.0, baseline
    )


def quiz_figure(repeats: int, workdir: Path) -> Figure:
    """A 20-question quiz on the big deck, as a learner starts one after another: the
    deck-wide keys (kinds, option pools, known answers) are built once per loaded deck."""
    from quiz_app.generator import make_quiz
    from quiz_app.loader import load_deck

    deck = load_deck(write_deck(workdir / "synthetic-quiz.yaml", 10_000))
    start = time.perf_counter()
    make_quiz(deck, 20, 0)
    first = (time.perf_counter() - start) * 1000
    seeds = iter(range(1, 10_000))
    kinds: set[str] = set()
    ours = median_of(
        repeats,
        lambda: kinds.update(question.kind for question in make_quiz(deck, 20, next(seeds))),
    )
    return Figure(
        "20-question quiz, 10,000-item deck",
        ours,
        "ms",
        30.0,
        note=f"the deck's first quiz, which builds its keys: {first:.0f} ms; "
        f"{len(kinds)} kinds of question asked",
    )


def bundled_decks_figure(repeats: int, workdir: Path) -> Figure:
    from quiz_app.library import discover
    from quiz_app.loader import load_decks
    from quiz_app.paths import bundled_decks_dir

    ours = median_of(repeats, lambda: load_decks([bundled_decks_dir()]))
    home = workdir / "home-decks"
    discover(home)  # the first run fills the deck cache
    cached = median_of(repeats, lambda: discover(home))
    return Figure(
        "loading the bundled decks (parsing the YAML)",
        ours,
        "ms",
        50.0,
        note=f"from the deck cache, as at start-up: {cached:.1f} ms",
    )


def store_figures(quick: bool) -> list[Figure]:
    import bench_store

    sizes = {"n_cards": 10_000, "n_reviews": 100_000} if quick else {}
    with tempfile.TemporaryDirectory(prefix="quiz-bench-copy-") as tmp:
        built = Path(tmp) / "progress.sqlite3"
        results = bench_store.run(report=False, copy_to=built, **sizes)
        against_anki = store_against_anki_figures(results, built, quick)
    targets = bench_store.TARGETS
    figures = [
        Figure(
            "store: record a review (median)",
            results["record_review_median_ms"],
            "ms",
            targets["record_review_median_ms"],
        ),
        Figure(
            "store: build today's queue, 100k cards / 1M reviews",
            results["build_queue_ms"],
            "ms",
            targets["build_queue_ms"],
        ),
        Figure(
            "store: home counts of that deck (read only)",
            results["deck_counts_ms"],
            "ms",
            targets["deck_counts_ms"],
        ),
        Figure(
            "stats of every deck, 100k cards / 1M reviews",
            results["stats_all_decks_ms"],
            "ms",
            targets["stats_all_decks_ms"],
            note=f"median of 5; the first: {results['stats_all_decks_first_ms']:.0f} ms",
        ),
        Figure(
            "store: database size for 1M reviews",
            results["db_size_mb"],
            "MB",
            targets["db_size_mb"],
            note="Anki's collection: 91 MB for 100,000 cards and 990,000 reviews",
        ),
    ]
    return figures + against_anki


def store_against_anki_figures(store: dict, built: Path, quick: bool) -> list[Figure]:
    """The store beside Anki's backend holding the same history (benchmarks/bench_anki.py):
    none where the anki wheel (dev group) is not installed. `built`: the store's database
    as built, before bench_store answered anything."""
    if importlib.util.find_spec("anki") is None:
        return []
    import bench_anki

    anki = bench_anki.run(
        store["cards"],
        store["reviews"],
        repeats=3 if quick else 7,
        store=built,
        blocks=8 if quick else 16,
    )
    answers = anki["answers"]
    synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(
        answers["durability"]["synchronous"], answers["durability"]["synchronous"]
    )
    low, high = answers["ratio_range"]
    return [
        Figure(
            "store: record a review / Anki's answer_card",
            answers["ratio"],
            "×",
            1.0,
            answers["anki_median_ms"],
            note=f"{store['cards']:,} cards, {store['reviews']:,} reviews in both; the same "
            f"cards answered Good in alternate blocks of 20, {answers['blocks']} each: median "
            f"of the blocks' ratios (from {low:.2f} to {high:.2f}); {answers['ours_median_ms']} "
            f"against {answers['anki_median_ms']} ms. Both commit each answer in "
            f"{answers['durability']['journal_mode']} mode, synchronous={synchronous}; Anki "
            f"with locking_mode={answers['durability']['locking_mode']}",
        ),
        Figure(
            "store: CPU of an answer / Anki's answer_card",
            answers["cpu_ratio"],
            "×",
            1.0,
            note="the same blocks' CPU time (without the wait for the disk): the steadier figure",
        ),
        Figure(
            "store: today's queue / Anki's get_queued_cards",
            store["build_queue_ms"] / anki["build_queue_ms"],
            "×",
            1.0,
            anki["build_queue_ms"],
        ),
        Figure(
            "store: database size / Anki's collection",
            store["db_size_mb"] / anki["db_size_mb"],
            "×",
            1.0,
            note=f"{store['db_size_mb']:.1f} MB against {anki['db_size_mb']:.1f} MB",
        ),
    ]


def tui_probe(mode: str, *args: str) -> dict:
    """Run benchmarks/tui_probe.py in a fresh interpreter; it prints one JSON object."""
    result = subprocess.run(
        [PYTHON, str(BENCHMARKS / "tui_probe.py"), mode, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=CHILD_ENV,
    )
    if result.returncode:
        raise RuntimeError(f"tui_probe.py {mode} failed:\n{result.stdout}{result.stderr}".strip())
    return json.loads(result.stdout.strip().splitlines()[-1])


def home_against_label(
    repeats: int, home: Path, before_each: Callable[[], object] = lambda: None
) -> tuple[float, float, float, float]:
    """Spawn to home ready against spawn to the one-Label app ready, in pairs: the median
    ratio's two sides (ms), then the CPU each had used by then (ms)."""

    def spawn_to_ready(mode: str) -> tuple[float, float]:
        """Wall time from spawn to the painted screen, and the CPU time the process used."""
        spawned = time.time()
        result = tui_probe(mode, str(home if mode == "home" else home.with_name("label")))
        return (result["ready_at"] - spawned) * 1000, result["cpu_ms"]

    spawn_to_ready("label")  # warm-up: bytecode caches
    spawn_to_ready("home")  # warm-up: the first run creates the database and the deck cache
    pairs = []
    for _ in range(repeats):  # interleaved, so that a slow spell hits both sides alike
        label = spawn_to_ready("label")
        before_each()
        pairs.append((label, spawn_to_ready("home")))
    baseline, ours = (statistics.median(pair[side][0] for pair in pairs) for side in (0, 1))
    cpu_baseline, cpu_ours = (statistics.median(pair[side][1] for pair in pairs) for side in (0, 1))
    return baseline, ours, cpu_baseline, cpu_ours


def home_ready_figure(repeats: int, workdir: Path) -> Figure:
    baseline, ours, cpu_baseline, cpu_ours = home_against_label(repeats, workdir / "home-cached")
    return Figure(
        "home screen ready, headless / one-Label app",
        ours / baseline,
        "×",
        1.3,
        baseline,
        note=f"decks from the cache; CPU to ready {cpu_ours:.0f} ms vs {cpu_baseline:.0f} ms",
    )


def home_changed_figure(repeats: int, workdir: Path) -> Figure:
    """Home ready when a deck the size of a bundled one has changed since the last run, so
    that it is parsed again (a cache miss); ready means its row is drawn too."""
    from quiz_app.paths import bundled_decks_dir

    home = workdir / "home-changed"
    (home / "decks").mkdir(parents=True)
    deck = home / "decks" / "changed.yaml"
    bundled = next(bundled_decks_dir().glob("*.en.yaml")).read_text(encoding="utf-8")
    deck.write_text(bundled.replace("deck: ", "deck: changed-", 1), encoding="utf-8")
    edits = iter(range(1, 1_000_000))

    def edit() -> None:  # a new modification time: the cached entry no longer matches
        os.utime(deck, ns=(time.time_ns(), time.time_ns() + next(edits)))

    baseline, ours, cpu_baseline, cpu_ours = home_against_label(repeats, home, edit)
    return Figure(
        "home ready after a deck changed / one-Label app",
        ours / baseline,
        "×",
        1.6,
        baseline,
        note=f"a {len(bundled) // 1000} kB deck parsed again; CPU to ready {cpu_ours:.0f} ms "
        f"vs {cpu_baseline:.0f} ms",
    )


def big_new_deck_figure(repeats: int, workdir: Path) -> Figure:
    """With a 50,000-item deck in HOME/decks parsed for the first time (it changed since
    the last run): from spawn to the first card of a bundled deck's study on screen, the
    big deck still loading in the background."""
    home = workdir / "home-big"
    (home / "decks").mkdir(parents=True)
    deck = write_deck(home / "decks" / "big.yaml", 50_000, lean=True)
    edits = iter(range(1, 1_000_000))
    runs = []
    for run in range(repeats + 1):  # the first run creates the database and caches the others
        spawned = time.time()
        label = tui_probe("label", str(workdir / "label"))["ready_at"] - spawned
        os.utime(deck, ns=(time.time_ns(), time.time_ns() + next(edits)))  # a miss again
        spawned = time.time()
        result = tui_probe("big", str(home))
        if run:
            runs.append((result["ready_at"] - spawned, result["big_loaded_at"] - spawned, label))
    studying, big_loaded, label = (
        statistics.median(run[side] for run in runs) for side in range(3)
    )
    return Figure(
        "50,000-item new deck: a bundled deck's study shown",
        studying * 1000,
        "ms",
        1000.0,
        note=f"from spawn (the one-Label app: {label * 1000:.0f} ms in this run); the big deck "
        f"({deck.stat().st_size / 2**20:.1f} MB) is on home after {big_loaded:.1f} s",
    )


def grade_figure(workdir: Path) -> Figure:
    result = tui_probe("grade", str(workdir / "home-grade"))
    return Figure(
        "grade key to next card drawn (median)",
        result["median_ms"],
        "ms",
        16.0,
        note=f"{result['count']} grades",
    )


def memory_figure(workdir: Path) -> Figure:
    home = workdir / "home-memory"
    (home / "decks").mkdir(parents=True)
    write_deck(home / "decks" / "synthetic.yaml", 10_000)
    first = tui_probe("memory", str(home))  # parses the deck and writes the deck cache
    cached = tui_probe("memory", str(home))
    return Figure(
        "peak RSS, app with the 10,000-item deck",
        first["max_rss_mb"],
        "MB",
        150.0,
        note=f"first start, cards built; {cached['max_rss_mb']:.0f} MB once the deck is cached; "
        f"the child that parsed it first, gone before the cards are built: "
        f"{first['child_max_rss_mb']:.0f} MB",
    )


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cores": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller store")
    options = parser.parse_args()
    repeats = 3 if options.quick else 9

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        steps: list[Callable[[], list[Figure]]] = [
            lambda: [version_figure(repeats)],
            lambda: [bundled_decks_figure(repeats, workdir)],
            lambda: [big_deck_figure(max(3, repeats // 2), workdir)],
            lambda: [quiz_figure(repeats, workdir)],
            lambda: [home_ready_figure(2 * repeats, workdir)],  # the noisiest figure: more pairs
            lambda: [home_changed_figure(2 * repeats, workdir)],
            lambda: [big_new_deck_figure(max(3, repeats // 3), workdir)],
            lambda: [grade_figure(workdir)],
            lambda: [memory_figure(workdir)],
            lambda: store_figures(options.quick),
        ]
        for step in steps:
            for figure in step():
                figures.append(figure)
                if not options.json:
                    print(figure.line(), flush=True)
    if options.json:
        print(
            json.dumps(
                {"machine": machine(), "figures": [asdict(f) | {"met": f.met} for f in figures]}
            )
        )
    else:
        print(
            f"\n{sum(f.met for f in figures)} of {len(figures)} figures meet their targets on {machine()}"
        )


if __name__ == "__main__":
    main()
