"""What can go wrong opening or using the progress database."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from quiz_app.i18n import _


def in_words(error: BaseException) -> str:
    """What went wrong, for the learner. SQLite's messages are in English whatever the
    interface language: one is quoted and said to be SQLite's ("SQLite error “database is
    locked”"); quiz-app's own errors already speak the interface language."""
    if isinstance(error, sqlite3.Error):
        return _("SQLite error “{detail}”").format(detail=error)
    return str(error)


class StoreError(Exception):
    """The progress database cannot be used."""


class StoreCorruptError(StoreError):
    """The file is damaged or is not a quiz-app database. It has not been changed."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            _(
                "{path} is not a readable quiz-app progress database ({detail}). "
                "It was left untouched; move it aside to start a fresh one."
            ).format(path=path, detail=detail)
        )
        self.path = path


class StoreVersionError(StoreError):
    """The database was written by a newer quiz-app."""


class StoreUnavailableError(StoreError):
    """The database or its folder cannot be used right now (locked, read-only, full, not a
    folder); nothing was changed. The message says what to do."""


def folder_problem(folder: Path) -> str | None:
    """Why nothing can be written in the data folder, if it is read-only or its disk full."""
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return read_only(folder)
    try:
        full = folder.is_dir() and os.statvfs(folder).f_bavail == 0
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        full = False
    if full:
        return disk_full(folder)
    return None


def read_only(folder: Path) -> str:
    return _(
        "the data folder {folder} is read-only: make it writable or choose another --home"
    ).format(folder=folder)


def disk_full(folder: Path) -> str:
    return _("the disk of {folder} is full: free some space and try again").format(folder=folder)


def unavailable(path: Path, error: BaseException) -> StoreUnavailableError:
    """What the learner can do about an OS or SQLite failure on the database at `path`."""
    text = str(error).lower()
    code = getattr(error, "sqlite_errorcode", None)
    if path.is_dir():
        why = _(
            "{path} is a folder, not a progress database: move it away or choose another --home"
        ).format(path=path)
    elif "locked" in text or "busy" in text:
        why = _(
            "{path} is locked by another program (another quiz-app?): "
            "close it, or wait for it to finish, and try again"
        ).format(path=path)
    elif "readonly" in text or "read-only" in text or getattr(error, "errno", None) == 30:
        why = read_only(path.parent)
    elif "disk is full" in text or code == 13 or getattr(error, "errno", None) == 28:
        why = disk_full(path.parent)
    elif isinstance(error, NotADirectoryError) or "not a directory" in text:
        why = _("{folder} is not a folder (a file is in its way): choose another --home").format(
            folder=path.parent
        )
    elif isinstance(error, PermissionError):
        why = _("no permission to use {folder}: choose another --home").format(folder=path.parent)
    else:  # SQLite says only "unable to open database file" or "disk I/O error": look
        why = folder_problem(path.parent) or _("cannot use {path}: {error}").format(
            path=path, error=in_words(error)
        )
    return StoreUnavailableError(why)
