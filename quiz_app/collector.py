"""Pausing Python's cyclic garbage collector while many long-lived objects are made.

A collection is triggered by allocations and sweeps every tracked object, so building a
big deck tree, or importing Textual at start-up, sets off sweep after sweep that find
nothing to free. Pauses nest and may overlap across threads (a deck parsed in a thread
while the app starts): the collector resumes when the last one ends, and only if it was
running when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_resume = False


def pause() -> None:
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1


def resume() -> None:
    """End one `pause()`."""
    global _pauses
    with _lock:
        _pauses -= 1
        if _pauses == 0 and _resume:
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    pause()
    try:
        yield
    finally:
        resume()
