"""Where a screen that reads the progress store (browse, stats) says it could not: a damaged
database, a table dropped by another program, an I/O error. The screen shows what it
has, this line says why the rest is missing, and the app goes on: never a traceback.

Home is the exception: every figure of it comes from the store, so the app ends there
with the message (`QuizApp.end_on`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from textual.content import Content
from textual.widgets import Static

from quiz_app.i18n import _
from quiz_app.store import StoreError
from quiz_app.textsafe import visible

# What a read of the store can raise: the store's own errors, and what escapes them.
READ_FAILURES: tuple[type[Exception], ...] = (StoreError, sqlite3.Error, OSError)


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

    def show_error(self, error: BaseException) -> None:
        message = _("Your progress could not be read: {error}").format(error=error)
        self.update(Content(visible(message)))
        self.add_class("-shown")

    def clear(self) -> None:
        self.remove_class("-shown")
