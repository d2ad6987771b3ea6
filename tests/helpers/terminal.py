"""Run a program in a pseudo-terminal, as a learner's terminal runs it, and read all it
writes there."""

from __future__ import annotations

import os
import select
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


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
) -> Run:
    """What `command` writes while `keys` are typed, `wait` seconds apart (after `start`
    seconds for it to start, on a loaded machine), then `quit_key` and `end` seconds to
    close; it stops reading as soon as the program has ended."""
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

    def read_for(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([leader], [], [], left)
            if ready:
                try:
                    output.extend(os.read(leader, 65536))
                except OSError:  # the program has ended
                    return

    try:
        read_for(start)
        for key, seconds in [
            *((key, wait) for key in keys),
            *([(quit_key, end)] if quit_key else []),
        ]:
            if process.poll() is not None:
                break
            os.write(leader, key.encode())
            read_for(seconds)
        try:
            returncode: int | None = process.wait(1)
        except subprocess.TimeoutExpired:
            returncode = None
    finally:
        process.kill()
        process.wait()
        os.close(leader)
    return Run(bytes(output), returncode)
