"""Where a screen that reads the progress store (home, browse, stats) says it could not: a
database that would not open when the app started, a damaged one, a table dropped by
another program, an I/O error. The screen shows what it has (home its decks without
figures), this line says why the rest is missing, and the app goes on: never a traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from quiz_app.i18n import _
from quiz_app.store import StoreError, in_words
from quiz_app.textsafe import visible

if TYPE_CHECKING:
    from quiz_app.store import ProgressStore

# What a read of the store can raise: the store's own errors, and what escapes them.
READ_FAILURES: tuple[type[Exception], ...] = (StoreError, sqlite3.Error, OSError)


def opened(store: ProgressStore | StoreError) -> ProgressStore:
    """The store to read; if it could not be opened when the app started, why, raised as a
    failed read is (the app runs without a store then: screens get the error instead)."""
    if isinstance(store, StoreError):
        raise store.with_traceback(None)  # raised again on each read: no traceback piles up
    return store


class ReadFailure(Static):
    """Hidden while the store reads well; after a failed read, the error and what to do."""

    DEFAULT_CSS = """
    ReadFailure {
        display: none;
        color: $text-error;
        text-style: bold;
        &.-shown { display: block; }
    }
    """

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run the reads of the block; if one fails, say so here instead of raising (the rest
        of the block is skipped: the screen shows what it read before)."""
        try:
            yield
        except READ_FAILURES as error:
            self.show_error(error)

    def show_error(self, error: BaseException, advice: str = "") -> None:
        """Say why the store could not be read, then `advice`: what to do about it."""
        message = _("Your progress could not be read: {error}").format(error=in_words(error))
        if advice:
            message += " " + advice
        self.update(Content(visible(message)))
        self.add_class("-shown")

    def clear(self) -> None:
        self.remove_class("-shown")
