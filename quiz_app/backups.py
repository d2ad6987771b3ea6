"""Automatic backups of the progress database, as Anki makes them: HOME/backups/.

SQLite can lose committed answers to a damaged write-ahead log, and then resets it on
the next open: no program can prevent that, a copy can undo it. A backup is a consistent
copy made with SQLite's backup API (safe while another quiz-app writes), taken when the
app or a line-mode quiz closes after writing, at most every BACKUP_EVERY. Backups are
kept by age: the newest KEEP_LATEST, then the newest of each day for a week and of each
week for a month. `quiz-app backups` lists them, `quiz-app restore` brings one back.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz_app.i18n import _
from quiz_app.paths import DATABASE_NAME, companions, database_path
from quiz_app.store.errors import in_words

BACKUP_EVERY = timedelta(minutes=30)
KEEP_LATEST = 12
KEEP_DAILY = timedelta(days=7)
KEEP_WEEKLY = timedelta(days=31)
_STAMP = "%Y%m%d-%H%M%S"
_PREFIX, _SUFFIX = "progress-", ".sqlite3"


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says what to do."""


def backups_dir(home: Path) -> Path:
    return home / "backups"


def taken_at(backup: Path) -> datetime | None:
    """When a backup was taken, from its name; None for a file that is not a backup."""
    stamp = backup.name.removeprefix(_PREFIX).removesuffix(_SUFFIX)
    if not (backup.name.startswith(_PREFIX) and backup.name.endswith(_SUFFIX)):
        return None
    try:
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def _newest_first(paths: Iterable[Path]) -> list[tuple[datetime, Path]]:
    """The backups among `paths`, each with when it was taken, newest first."""
    dated = [(moment, path) for path in paths if (moment := taken_at(path)) is not None]
    return sorted(dated, key=lambda pair: pair[0], reverse=True)


def list_backups(home: Path) -> list[Path]:
    """The backups in HOME/backups, newest first."""
    try:
        return [path for _moment, path in _newest_first(backups_dir(home).iterdir())]
    except OSError:
        return []


def newest_backup(home: Path) -> Path | None:
    """The newest backup in HOME/backups, or None."""
    return next(iter(list_backups(home)), None)


def restore_hint(newest: Path | None) -> str:
    """What a damaged database's message adds: its newest backup and how to bring it back
    ("" when there is none)."""
    if newest is None:
        return ""
    return _(
        "The newest backup is {name}: `quiz-app restore {name}` brings it back (the damaged "
        "file is kept aside)."
    ).format(name=newest.name)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


@contextlib.contextmanager
def _reading_backup(backup: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a backup that leaves nothing beside it. SQLite opens a
    file in WAL mode (a backup made before they were written as one file) with a -wal and
    a -shm beside it, which a read-only connection leaves as it closes: those it made are
    removed then, unless the -wal holds something. (Never done to the progress database:
    another quiz-app may be opening it and using them.)"""
    there = {companion for companion in companions(backup) if companion.exists()}
    try:
        with contextlib.closing(_read_only(backup)) as db:
            yield db
    finally:
        wal, shm, _journal = companions(backup)
        if not there and _empty(wal):
            for companion in (wal, shm):
                with contextlib.suppress(OSError):
                    companion.unlink(missing_ok=True)


def _empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of the open database `source`, written to `target` atomically, as
    one file: not in WAL mode, so that nothing appears beside it when it is read (the store
    puts the progress database back in WAL mode as it opens it)."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(descriptor)
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as dst:
            source.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        os.replace(temporary, target)
    except BaseException:
        for leftover in (Path(temporary), *companions(Path(temporary))):
            leftover.unlink(missing_ok=True)
        raise


def back_up(home: Path, now: datetime, *, force: bool = False) -> Path | None:
    """Copy the progress database to HOME/backups unless the newest backup is younger than
    BACKUP_EVERY (or there is no database); prune the old ones. Raises BackupError."""
    database = database_path(home)
    if not database.is_file():
        return None
    existing = list_backups(home)
    latest = taken_at(existing[0]) if existing else None
    if latest is not None and not force and now - latest < BACKUP_EVERY:
        return None
    target = backups_dir(home) / f"{_PREFIX}{now.astimezone(UTC):{_STAMP}}{_SUFFIX}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(_read_only(database)) as source:
            _copy(source, target)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(
            _("could not back up {database} to {folder}: {error}").format(
                database=database, folder=target.parent, error=in_words(error)
            )
        ) from error
    prune(home, now)
    return target


def to_keep(backups: list[Path], now: datetime) -> set[Path]:
    """The newest KEEP_LATEST, and the newest of each day for KEEP_DAILY and of each
    (ISO) week for KEEP_WEEKLY."""
    newest_first = _newest_first(backups)
    keep = {backup for _moment, backup in newest_first[:KEEP_LATEST]}
    days: set[object] = set()
    weeks: set[object] = set()
    for moment, backup in newest_first:
        age = now - moment
        if age <= KEEP_DAILY and moment.date() not in days:
            days.add(moment.date())
            keep.add(backup)
        if age <= KEEP_WEEKLY and moment.isocalendar()[:2] not in weeks:
            weeks.add(moment.isocalendar()[:2])
            keep.add(backup)
    return keep


def prune(home: Path, now: datetime) -> None:
    backups = list_backups(home)
    for backup in set(backups) - to_keep(backups, now):
        with contextlib.suppress(OSError):
            backup.unlink()


def find_backup(home: Path, name: str) -> Path:
    """A backup named by its path or its file name in HOME/backups. Raises BackupError."""
    given = Path(name)
    for candidate in (given, backups_dir(home) / given.name):
        if candidate.is_file():
            return candidate
    known = ", ".join(path.name for path in list_backups(home)[:3]) or _("none yet")
    raise BackupError(
        _("no backup {name!r} (newest: {known}; see `quiz-app backups`)").format(
            name=name, known=known
        )
    )


def restore(home: Path, backup: Path, now: datetime) -> Path | None:
    """Make `backup` the progress database. The current database, with its -wal, -shm and
    -journal, is moved aside first, to the path returned (None when there was none); those
    files go aside even without their database: SQLite would read them into the backup."""
    try:
        with _reading_backup(backup) as db:
            _check_backup(backup, db)
            return _put_in_place(db, home, backup, now)
    except sqlite3.Error as error:  # opening or checking the backup
        raise BackupError(
            _("{backup} is not a progress database: {error}").format(
                backup=backup, error=in_words(error)
            )
        ) from error


def _check_backup(backup: Path, db: sqlite3.Connection) -> None:
    """Raise BackupError unless `db` (the backup) is a sound quiz-app progress database."""
    if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise BackupError(
            _("{backup} is damaged too: choose an older backup").format(backup=backup)
        )
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'reviews'").fetchone():
        raise BackupError(_("{backup} is not a quiz-app progress database").format(backup=backup))


def _put_in_place(db: sqlite3.Connection, home: Path, backup: Path, now: datetime) -> Path | None:
    """Move the current database aside (see `restore`) and copy the backup `db` in its place."""
    database = database_path(home)
    aside = None
    try:
        if any(path.exists() for path in (database, *companions(database))):
            aside = database.with_name(
                f"{DATABASE_NAME}.before-restore-{now.astimezone(UTC):{_STAMP}}"
            )
            for current, moved in zip(
                (database, *companions(database)), (aside, *companions(aside)), strict=True
            ):
                if current.exists():
                    os.replace(current, moved)
        _copy(db, database)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(
            _("could not restore {backup}: {error}").format(backup=backup, error=in_words(error))
        ) from error
    return aside
