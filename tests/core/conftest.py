"""Fixtures of the core tests beside tests/conftest.py's, and the end of a test process."""

from __future__ import annotations

import gc

import pytest

from helpers.deck_cache import bundled_decks_cache, cached_home

__all__ = ["bundled_decks_cache", "cached_home", "pytest_sessionfinish"]


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
