"""Shared fixtures for the app's tests: a home dir in tmp_path, a fixed clock and zone."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from helpers.decks import NOW

# The history's `decks` and `store` fixtures, shared by the stats and export tests.
pytest_plugins = ["helpers.history"]

# On CI the property tests are derandomized, so that a submission lands or not on its own
# merits; locally they keep exploring new examples.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def english_interface(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests see the English interface, whatever the machine's locale; a test that wants
    French says so (`ui_language` fixture, or LC_ALL for a command run in a subprocess)."""
    from quiz_app import i18n

    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)  # set_language sets it: put back after
    previous = i18n.active()
    i18n.set_language("en")
    yield
    i18n.set_language(previous.code)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data dir, and the learner's day in UTC whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("NO_COLOR", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def user_deck(home: Path) -> Callable[[str, str], Path]:
    """Write a deck file into HOME/decks."""

    def write(name: str, text: str) -> Path:
        decks = home / "decks"
        decks.mkdir(exist_ok=True)
        path = decks / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_app(home: Path, monkeypatch: pytest.MonkeyPatch):
    """QuizApp on the test home, with a fixed clock and seed and no blinking cursor.

    Pilot's presses can follow each other as fast as a key's repeats: the guard against
    a held Enter is off, but in the tests that hold a key (the `held_keys` fixture)."""
    from quiz_app.tui.app import QuizApp

    monkeypatch.setattr("quiz_app.tui.widgets.page.KEY_REPEAT_GAP", 0.0)

    def make(**start) -> QuizApp:
        start.setdefault("seed", 7)
        return QuizApp(home=home, now=lambda: NOW, cursor_blink=False, **start)

    return make


@pytest.fixture
def held_keys(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard against a held Enter, as the app has it (see `make_app`)."""
    from quiz_app.tui.widgets import page

    monkeypatch.setattr(page, "KEY_REPEAT_GAP", page.HELD_KEY_GAP)


def pytest_configure() -> None:
    """A young collection once 7,000 tracked objects are made and not yet freed, instead of
    Python's 700: most of what a Textual frame makes is freed by reference counting within
    a few thousand, and is then never walked nor moved to the older generations. 4 workers,
    loaded machine, two pairs of runs one after the other: time in the collector 15.7 ->
    11.0 s (whole suite) and 11.4 -> 8.2 s (tests/tui); the same peak RSS."""
    gc.set_threshold(7000, 10, 10)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol() -> Iterator[object]:
    """After each test, its garbage is collected and what it left alive is frozen.

    Python's full collections walk every object of the process: the modules of textual,
    rich, hypothesis and fsrs, the decks, the session's fixtures. Where each test's app
    leaves cycles of widgets that only a full collection frees, that walking was a fifth of
    the workers' CPU (gc.callbacks, whole suite, 4 workers: 31.0 of 155 s). Frozen
    (gc.freeze), what a test leaves alive is not walked again; the next collections walk
    only what later tests make (11.9 s of 137 s). The test's garbage is collected first, so
    that it is freed, not frozen, and a finaliser's error is still reported by pytest; the
    test's fixtures are torn down by then. What is frozen and later becomes cyclic garbage
    stays in memory: peak RSS per worker stayed within 150-300 MB."""
    result = yield
    gc.collect()
    gc.freeze()
    return result


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish() -> None:
    """Collect the process's garbage before its session ends, then freeze what is left.

    A pytest-xdist worker tells the main process that it has finished once its session
    has, and the main process then closes it: from that moment execnet gives the worker 5 s
    to be done, then sends it a SIGINT (execnet's WorkerGateway._terminate_execution).
    What the worker still does then is pytest's last collection of garbage (unraisable
    exceptions: _pytest/unraisableexception.py), over every object the session left, up to
    a million after the TUI tests; on a loaded machine that took 2 to 9 s. The SIGINT then
    landed in the first Python code to run, hypothesis's gc callback, and came out as
    "PytestUnraisableExceptionWarning: Exception ignored in gc_callback: KeyboardInterrupt".

    Collected here, before the worker says it has finished (no time limit), the garbage and
    any exception a finaliser raises are still reported by pytest's last check; frozen, the
    objects left are not walked again by that last collection, which takes milliseconds."""
    gc.collect()
    gc.freeze()
