"""What the app writes to a real terminal: no control sequence from data, ever.

The app runs in a pseudo-terminal on a deck whose every text holds OSC 52 (clipboard),
OSC 0 (window title), OSC 8 (link), clear-screen and C1 CSI, and visits every screen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import TESTS
from helpers.hostile_app import PAYLOADS
from helpers.terminal import run_in_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def run_hostile_app(home: Path, keys: list[str]) -> bytes:
    """Everything the app on the hostile deck writes while `keys` are typed."""
    command = [sys.executable, "-m", "helpers.hostile_app", str(home)]
    env = {"PYTHONPATH": str(TESTS), "QUIZ_APP_HOME": str(home)}
    return run_in_terminal(command, env, keys).output


def test_no_escape_from_a_deck_reaches_the_terminal(home: Path) -> None:
    down, escape = "\x1b[B", "\x1b"
    keys = [
        down,  # highlight the deck: its details, title and source
        "b",  # browse: every item
        down,
        down,
        escape,
        "s",  # study: front, then back
        " ",
        "3",
        " ",
        escape,
        "q",  # quiz
        "x\r",
        escape,
        "t",  # stats
        escape,
        "?",  # help
        escape,
        "\x10",  # ctrl+p: the palette lists the deck's title
        "hostile",
        escape,
    ]
    output = run_hostile_app(home, keys)
    assert b"Hostile" in output  # the deck was drawn
    for payload in PAYLOADS:
        assert payload.encode() not in output, payload
        # the sequence's introducer, with what follows it in the payload
        assert payload[:4].encode() not in output, payload
    assert "\x9b".encode() not in output
