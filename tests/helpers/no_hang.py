"""A test that would block for ever (a FIFO read without care) fails instead."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def fail_if_blocked(on_what: str, seconds: int = 20) -> Iterator[None]:
    """Fail with "blocked on ON_WHAT" after SECONDS; then put back the SIGALRM handler and
    the alarm that was there before (a plugin's timeout, say, re-armed with the seconds it
    had left, less those spent in the block: at least one). A no-op where there is no SIGALRM (Windows)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail(f"blocked on {on_what}"))
    pending = signal.alarm(seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        if pending:
            signal.alarm(max(1, pending - round(time.monotonic() - started)))
