"""Helpers for the app's Pilot tests: wait until ready, read the screen, hear the toasts.

Public Textual API only: the screen is read from `App.export_screenshot`, and toasts from
a wrapped `App.notify` (every `notify` of a screen or widget goes through the app's).
"""

from __future__ import annotations

import asyncio
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from time import monotonic, perf_counter
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.command import CommandPalette
from textual.keys import KEY_NAME_REPLACEMENTS
from textual.widgets import OptionList


async def ready(pilot) -> None:
    """Wait for the decks to load (in a worker started with the app) and the screen to settle."""
    app = pilot.app
    # Every deck: the decks worker may have finished while its last library is still on
    # its way to the app, in the message queue.
    await until(pilot, lambda: app.library is not None and not app.library.pending, "the decks")
    await settled(pilot)


async def settled(pilot) -> None:
    """Wait for every worker to finish (the decks, a screen's figures, the command palette's
    search for what was typed), then for the screen to settle."""
    app = pilot.app
    # Finished, failed or cancelled alike: a failure is the app's to report, not the test's.
    await until(pilot, lambda: all(worker.is_finished for worker in app.workers), "the workers")
    await pilot.pause()


async def until(pilot, condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Wait until `condition()` is true, letting the app run; fail after `timeout` seconds
    of naps (10 ms each, or longer, see below: longer in all on a loaded machine). It returns
    as soon as the condition holds, so the timeout is only how long a failure takes to say
    so: generous, since on a loaded machine a worker or a child process (the parse-ahead
    child) can take seconds.

    The app runs on its own while the test sleeps: its messages, workers and timers (a
    repaint included) go on. `pilot.pause` would also make every widget of the screen
    answer a message and repaint at each look, a hundred times a second: on a loaded
    machine, whose waits are long, that was much of a test's CPU time. For the same
    reason a condition that is slow to check (one that reads the whole screen, about 20 ms)
    is checked less often: the naps are four times as long as the last check took, so that
    checking takes at most a fifth of the wait."""
    slept = 0.0
    while slept < timeout:
        start = perf_counter()
        if condition():
            return
        nap = max(0.01, 4 * (perf_counter() - start))
        await asyncio.sleep(nap)
        slept += nap
    assert condition(), f"waited {timeout:g} s for {what}"


# One <text> of Rich's SVG export: its x, its line (the clip path) and its text.
_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)" [^>]*?textLength="([\d.]+)" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def screen_text(app) -> str:
    """What the terminal shows, as plain lines (toasts included)."""
    width, height = app.size
    lines = [[" "] * width for _ in range(height)]
    for x, length, line, escaped in _SVG_TEXT.findall(app.export_screenshot()):
        text = unescape(escaped).replace("\xa0", " ")  # the export writes spaces as nbsp
        char_width = float(length) / len(text)
        column = round(float(x) / char_width)
        for char in text:  # a wide character takes two cells
            cells = cell_len(char)
            lines[int(line)][column : column + cells] = [char, *[""] * (cells - 1)]
            column += cells
    return "\n".join("".join(line) for line in lines)


@dataclass(frozen=True)
class Notice:
    message: str
    title: str
    severity: str


def record_notices(app) -> list[Notice]:
    """Every notification the app shows from now on, in order."""
    notices: list[Notice] = []
    notify = app.notify

    def recording(message, *, title: str = "", severity: str = "information", **options):
        notices.append(Notice(str(message), title, severity))
        return notify(message, title=title, severity=severity, **options)

    app.notify = recording
    return notices


async def press_held(pilot, key: str, presses: int = 3, gap: float = 0.03) -> None:
    """`key` held down: its first press, then the repeats a terminal sends, `gap` seconds
    apart (each Key carries its time; Pilot's own presses are as far apart as the machine)."""
    start = monotonic()
    for n in range(presses):
        event = events.Key(key, "\r" if key == "enter" else None)
        event.time = start + n * gap
        pilot.app.post_message(event)
        await pilot.pause()


async def type_at_once(pilot, text: str) -> None:
    """Type `text` as keys that arrive together, as a paste or a fast typist sends them,
    then wait for the screen. Pilot's `press` lets the app settle after each key: in the
    command palette each key then starts a search and draws its hits, about a twentieth of
    a second of CPU per key; keys that come together are searched for and drawn about once."""
    for char in text:
        pilot.app.post_message(events.Key(_key_name(char), char))
    await pilot.pause()


def _key_name(char: str) -> str:
    """The name of the key that types `char`, as Textual names it ("a", "space", "minus")."""
    if char.isalnum():
        return char
    name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


def highlighted(app) -> str:
    """The command palette's highlighted hit, or ""."""
    if not isinstance(app.screen, CommandPalette):
        return ""
    hits = app.screen.query_one(OptionList)
    if hits.highlighted is None:
        return ""
    return str(hits.get_option_at_index(hits.highlighted).prompt).split("\n")[0]


def hold(
    monkeypatch: Any, module: object, name: str
) -> tuple[threading.Event, list[threading.Thread]]:
    """`module.name` made to wait, in whichever thread calls it, until the event is set
    (10 s at most): a slow worker, for tests of what the screen does meanwhile. The list
    gets each calling thread."""
    release, threads = threading.Event(), []
    real = getattr(module, name)

    def held(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread())
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return release, threads
