"""What the app writes to a real terminal: no control sequence from data, ever.

The app runs in a pseudo-terminal on a deck whose every text holds OSC 52 (clipboard),
OSC 0 (window title), OSC 8 (link), clear-screen and C1 CSI, and visits every screen."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import TESTS
from helpers.hostile_app import PAYLOADS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def run_in_terminal(home: Path, keys: list[str], wait: float = 1.5) -> bytes:
    """Everything the app writes while `keys` are typed, `wait` seconds apart."""
    import pty

    leader, follower = pty.openpty()
    os.set_inheritable(follower, True)
    env = os.environ | {
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
        "PYTHONPATH": str(TESTS),
        "QUIZ_APP_HOME": str(home),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "helpers.hostile_app", str(home)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    output = bytearray()

    def read_for(seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([leader], [], [], left)
            if ready:
                try:
                    output.extend(os.read(leader, 65536))
                except OSError:  # the app has ended
                    return

    try:
        read_for(6.0)  # start-up, on a loaded machine
        for key in keys:
            os.write(leader, key.encode())
            read_for(wait)
        os.write(leader, b"\x11")  # ctrl+q
        read_for(3.0)
    finally:
        process.kill()
        process.wait()
        os.close(leader)
    return bytes(output)


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
    output = run_in_terminal(home, keys)
    assert b"Hostile" in output  # the deck was drawn
    for payload in PAYLOADS:
        assert payload.encode() not in output, payload
        # the sequence's introducer, with what follows it in the payload
        assert payload[:4].encode() not in output, payload
    assert "\x9b".encode() not in output
