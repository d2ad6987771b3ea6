"""One TUI measurement in a fresh interpreter, printed as one JSON object. Run by run.py.

    python benchmarks/tui_probe.py label|home|memory|grade HOME_DIR

- label:  a minimal Textual app showing one Label, exiting once it has drawn (the baseline);
          label and home print `ready_at`, the wall-clock time at which the screen was painted,
          and `cpu_ms`, the CPU time the process had used by then;
- home:   quiz-app's home screen, started as the `quiz-app` command starts it, exiting once
          every deck's row and the footer keys are painted and nothing is left to paint;
- memory: like home, with whatever decks HOME_DIR/decks holds, once their cards are built
          (in a worker, after the first frame); prints the peak RSS; exits 1 if the cards
          are not built within CARDS_TIMEOUT;
- grade:  a Pilot-driven study session; prints the median time from a grade key press
          to the next card drawn;
- big:    with a big deck in HOME_DIR/decks still being parsed: as soon as home lists the
          bundled decks, opens the first one's study and prints `ready_at` once its first
          card is painted, then `big_loaded_at` once the big deck is on home too.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZE = (80, 24)
CARDS_TIMEOUT = 60  # seconds: the memory probe fails rather than wait for ever
READY: dict[str, float] = {}


def ready(app) -> None:  # type: ignore[no-untyped-def]
    """The screen is painted: note the wall-clock time (the parent knows when it spawned
    us, so start-up counts and interpreter tear-down does not), then leave."""
    READY["ready_at"] = time.time()
    READY["cpu_ms"] = time.process_time() * 1000  # user + system, all threads, since start
    app.exit()


def label_app() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class LabelApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Hello")

        def on_mount(self) -> None:
            self.call_after_refresh(ready, self)

    LabelApp().run(headless=True, size=SIZE)


def css_paths(app_class: type) -> list[str]:
    """Relative CSS paths are read next to a subclass's file: point them back at the app's."""
    folder = Path(sys.modules[app_class.__module__].__file__ or "").parent
    return [str(folder / path) for path in app_class.CSS_PATH]  # type: ignore[attr-defined]


def start(home: Path):  # type: ignore[no-untyped-def]
    """As the `quiz-app` command starts the app: the decks the cache does not hold are
    handed to a child process first, then Textual is imported. The app class, and the
    keyword arguments that give it that child."""
    from quiz_app.parse_ahead import ParseAhead

    parse_ahead = ParseAhead.for_home(home)
    from quiz_app.tui import import_app

    return import_app(), {"home": home, "parse_ahead": parse_ahead}


def home_app(home: Path, *, wait_for_cards: bool = False) -> None:
    QuizApp, arguments = start(home)
    from textual.widgets import DataTable

    from quiz_app.tui.screens.home import HomeScreen
    from quiz_app.tui.widgets.footer import Footer

    def home_is_drawn(app: QuizApp) -> bool:
        """Every deck's row is in the table (none still loading) and the footer shows its keys
        (those it draws, not `drawn`, which lays them out again: the probe's own cost)."""
        screen = app.screen
        if not isinstance(screen, HomeScreen) or app.library is None or app.library.pending:
            return False
        rows = screen.query_one("#decks", DataTable).row_count
        return rows == len(app.library.entries) and bool(screen.query_one(Footer).keys)

    class ProbeApp(QuizApp):
        CSS_PATH = css_paths(QuizApp)

        def on_mount(self) -> None:  # Textual calls QuizApp's as well
            self.call_after_refresh(self.check_drawn)

        def check_drawn(self) -> None:
            """Called once nothing is left to paint, as the Label app's `ready` is."""
            if not home_is_drawn(self):  # the decks are still loading: look again after a paint
                self.set_timer(0.002, lambda: self.call_after_refresh(self.check_drawn))
            elif wait_for_cards:  # memory: the cards, built in a worker a little later, count too
                self.check_cards_built(time.monotonic() + CARDS_TIMEOUT)
            else:
                ready(self)

        def check_cards_built(self, deadline: float) -> None:
            """Every deck's cards are built (by the app's warm-up worker, which a timer
            starts): look again on a timer, never by awaiting here, which would hold up
            the app's messages and with them that timer."""
            from quiz_app.generator import cards_of

            assert self.library is not None
            if cards_of.cache_info().currsize >= len(self.library.decks):
                ready(self)
            elif time.monotonic() > deadline:
                self.exit(return_code=1, message=f"the cards were not built in {CARDS_TIMEOUT} s")
            else:
                self.set_timer(0.05, lambda: self.check_cards_built(deadline))

    app = ProbeApp(**arguments)
    app.run(headless=True, size=SIZE)
    if app.return_code:
        raise SystemExit(app.return_code)


def big_deck_app(home: Path) -> None:
    QuizApp, arguments = start(home)
    from quiz_app.tui.messages import OpenStudy
    from quiz_app.tui.screens.home import HomeScreen
    from quiz_app.tui.screens.study import StudyScreen

    class ProbeApp(QuizApp):
        CSS_PATH = css_paths(QuizApp)

        def on_mount(self) -> None:
            self.call_after_refresh(self.study_when_listed)

        def study_when_listed(self) -> None:
            """Study the first bundled deck as soon as home lists it, as a learner would."""
            library = self.library
            entries = library.entries if library is not None else ()
            bundled = [entry.deck for entry in entries if entry.origin == "bundled"]
            if isinstance(self.screen, HomeScreen) and bundled:
                self.post_message(OpenStudy(bundled[:1]))
                self.call_after_refresh(self.card_shown)
            else:
                self.set_timer(0.002, lambda: self.call_after_refresh(self.study_when_listed))

        def card_shown(self) -> None:
            if isinstance(self.screen, StudyScreen) and self.screen.card is not None:
                READY["ready_at"] = time.time()
                READY["cpu_ms"] = time.process_time() * 1000
                self.set_interval(0.05, self.big_deck_loaded)
            else:
                self.set_timer(0.002, lambda: self.call_after_refresh(self.card_shown))

        def big_deck_loaded(self) -> None:
            if self.library is not None and not self.library.pending:
                READY["big_loaded_at"] = time.time()
                self.exit()

    ProbeApp(**arguments).run(headless=True, size=SIZE)


async def grade_session(home: Path) -> list[float]:
    from quiz_app.tui.app import QuizApp
    from quiz_app.tui.screens.study import StudyScreen

    clock = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    app = QuizApp(home=home, screen="study", deck="otan-ue", now=lambda: clock, cursor_blink=False)
    timings: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause()
            if isinstance(app.screen, StudyScreen):
                break
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        for _ in range(30):
            await pilot.press("space")
            shown = screen.card
            # Pilot.press waits for idle several times over (60 ms on an empty app), so
            # the key is posted directly and the clock stops once the next card is painted.
            start = time.perf_counter()
            app.simulate_key("3")
            while screen.card is shown:
                await asyncio.sleep(0)
            painted = asyncio.Event()
            app.call_after_refresh(painted.set)
            await painted.wait()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    mode, home = sys.argv[1], Path(sys.argv[2])
    home.mkdir(parents=True, exist_ok=True)
    result: dict[str, float] = READY
    if mode == "label":
        label_app()
    elif mode in ("home", "memory"):
        home_app(home, wait_for_cards=mode == "memory")
    elif mode == "big":
        big_deck_app(home)
    elif mode == "grade":
        timings = asyncio.run(grade_session(home))
        result = {"median_ms": statistics.median(timings), "count": len(timings)}
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The child that parsed the decks the cache did not hold (none: 0).
    result["child_max_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
