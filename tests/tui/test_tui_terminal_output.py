"""What the app writes to a real terminal: no control sequence from data, ever.

The app runs in a pseudo-terminal on a deck whose every text holds OSC 52 (clipboard),
OSC 0 (window title), OSC 8 (link), clear-screen and C1 CSI, and visits every screen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import TESTS
from helpers.hostile_app import PAYLOADS
from helpers.terminal import drawn, run_in_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def run_hostile_app(home: Path, steps: list[tuple[str, str]]) -> bytes:
    """Everything the app on the hostile deck writes while the keys of `steps` are typed,
    each once the app has drawn the text paired with it (ctrl+q, once home is back)."""
    command = [sys.executable, "-m", "helpers.hostile_app", str(home)]
    env = {"PYTHONPATH": str(TESTS), "QUIZ_APP_HOME": str(home)}
    keys = [key for key, _shown in steps]
    shown_first = [shown.encode() for _key, shown in [*steps, ("", "— Decks")]]
    return run_in_terminal(command, env, keys, start=30.0, shown_first=shown_first).output


def test_no_escape_from_a_deck_reaches_the_terminal(home: Path) -> None:
    down, escape = "\x1b[B", "\x1b"
    steps = [  # each key, and what the app has drawn before it is typed
        (down, "study cards"),  # highlight the deck: its details, title and source
        ("b", "Hostile"),  # browse: every item
        (down, "— Browse"),
        (down, "hostile/e#what"),
        (escape, "hostile/f#fact"),
        ("s", "— Decks"),  # study: front, then back
        (" ", "— Study"),
        ("3", "Good"),
        (" ", "Learning 1"),
        (escape, "Good"),
        ("q", "— Decks"),  # quiz: with seed 7, a choice of dates comes first
        ("x\r", "— Quiz"),
        (escape, "✓"),
        ("t", "— Decks"),  # stats
        (escape, "— Stats"),
        ("?", "— Decks"),  # help
        (escape, "Keys"),
        ("\x10", "— Decks"),  # ctrl+p: the palette lists the deck's title
        ("hostile", "Search for commands"),
        (escape, "Open deck: Hostile"),
    ]
    output = run_hostile_app(home, steps)
    drawn_text = drawn(output)
    for _key, shown in steps:  # every screen was drawn: no key went astray
        assert shown.encode() in drawn_text, shown
    for payload in PAYLOADS:
        assert payload.encode() not in output, payload
        # the sequence's introducer, with what follows it in the payload
        assert payload[:4].encode() not in output, payload
    assert "\x9b".encode() not in output
