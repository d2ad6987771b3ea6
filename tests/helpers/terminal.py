"""Run a program in a pseudo-terminal, as a learner's terminal runs it, and read all it
writes there."""

from __future__ import annotations

import os
import re
import select
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# A control sequence (CSI): colours, cursor moves. What is left is the text drawn.
_CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")


def drawn(output: bytes) -> bytes:
    """The text in `output`, without the colours and cursor moves around its words."""
    return _CSI.sub(b"", output)


@dataclass(frozen=True)
class Run:
    output: bytes  # everything written to the terminal, stdout and stderr
    returncode: int | None  # None: still running when the keys were all typed (then killed)


def run_in_terminal(
    command: Sequence[str],
    env: Mapping[str, str],
    keys: Sequence[str] = (),
    *,
    start: float = 6.0,
    wait: float = 1.5,
    end: float = 3.0,
    quit_key: str | None = "\x11",  # ctrl+q
    shown_first: Sequence[bytes] = (),
) -> Run:
    """What `command` writes while `keys` are typed, `wait` seconds apart (after `start`
    seconds for it to start, on a loaded machine), then `quit_key` and `end` seconds to
    close; it stops reading as soon as the program has ended. With `shown_first`, each
    key (`quit_key` too) is typed as soon as the text drawn since the key before (since
    the start, for the first key) holds its bytes there instead, or after `start`
    seconds at most."""
    import pty

    leader, follower = pty.openpty()
    os.set_inheritable(follower, True)
    environment = os.environ | {"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    process = subprocess.Popen(
        list(command),
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment | dict(env),
        close_fds=True,
    )
    os.close(follower)
    output = bytearray()

    def read_for(seconds: float, until: bytes | None = None) -> None:
        deadline = time.monotonic() + seconds
        since = len(output)
        while (left := deadline - time.monotonic()) > 0:
            if until is not None and until in drawn(output[since:]):
                return
            ready, _, _ = select.select([leader], [], [], left)
            if ready:
                try:
                    output.extend(os.read(leader, 65536))
                except OSError:  # the program has ended
                    return

    try:
        steps = [*((key, wait) for key in keys), *([(quit_key, end)] if quit_key else [])]
        markers = list(shown_first) or [None] * len(steps)
        pause = start
        for (key, seconds), marker in zip(steps, markers, strict=True):
            read_for(start if marker else pause, until=marker)
            if process.poll() is not None:
                break
            os.write(leader, key.encode())
            pause = seconds
        read_for(pause)  # after the last key
        try:
            returncode: int | None = process.wait(1)
        except subprocess.TimeoutExpired:
            returncode = None
    finally:
        process.kill()
        process.wait()
        os.close(leader)
    return Run(bytes(output), returncode)
