"""Progress databases in trouble: locked by another process, in a read-only folder, on a
full disk, or at an older schema version."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpers.decks import NOW
from quiz_app.cli import main
from quiz_app.paths import database_path
from quiz_app.store import SCHEMA_VERSION, ProgressStore, apply_migrations

# Another program: takes the write lock (and writes, uncommitted), says "held", keeps it
# until its stdin closes.
_HOLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN " + sys.argv[2])
db.execute("CREATE TABLE IF NOT EXISTS holder(x)")
db.execute("INSERT INTO holder VALUES (1)")
print("held", flush=True)
sys.stdin.read()
db.execute("ROLLBACK")
"""


@contextmanager
def held_by_another_process(database: Path, how: str = "IMMEDIATE") -> Iterator[None]:
    """The write lock of `database` held by another process (`BEGIN how`) in the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(database), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.stdin.close()
        holder.wait(30)


def older_database(path: Path) -> Path:
    """A quiz-app database one schema version behind this one, in WAL mode."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    apply_migrations(db, upto=SCHEMA_VERSION - 1)
    db.close()
    return path


def user_version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` read-only for this process in the block. Root ignores file modes, so it
    gets the immutable attribute (chattr +i) instead; where neither works, the test is
    skipped, saying why."""
    folder.chmod(0o555)
    immutable = False
    try:
        if os.access(folder, os.W_OK):  # root: modes do not stop it
            chattr = shutil.which("chattr")
            immutable = (
                chattr is not None
                and subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode == 0
            )
            if not immutable:
                pytest.skip("cannot make a folder read-only here (root, and no chattr +i)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


class FullDiskConnection(sqlite3.Connection):
    """A connection on a disk with no room left: reads work, and every write transaction
    fails to commit, as SQLite says it; statements run by the connection and by its
    cursors alike (the store runs an answer's on a cursor it keeps)."""

    writing = False

    def disk_full(self) -> bool:
        return True

    def check_room(self, sql: str) -> None:
        """Raise as SQLite does when the disk refuses a commit."""
        statement = sql.strip().upper()
        if not self.disk_full():
            self.writing = False
        elif statement == "BEGIN IMMEDIATE":
            self.writing = True
        elif statement == "COMMIT" and self.writing:
            self.writing = False  # the transaction stays open, as SQLite may leave it
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
        self.check_room(sql)
        return super().execute(sql, *args)

    def cursor(self, factory: type[sqlite3.Cursor] | None = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or FullDiskCursor)


class FullDiskCursor(sqlite3.Cursor):
    """A cursor of a `FullDiskConnection`."""

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
        connection = self.connection
        assert isinstance(connection, FullDiskConnection)
        connection.check_room(sql)
        return super().execute(sql, *args)


def fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, the progress database's disk is full (see `FullDiskConnection`)."""
    import quiz_app.store.progress as progress

    monkeypatch.setattr(
        progress.sqlite3, "connect", partial(sqlite3.connect, factory=FullDiskConnection)
    )


class Disk:
    """The progress database's disk, which fills up and is freed while a test runs."""

    full = False


def disk_that_fills(monkeypatch: pytest.MonkeyPatch) -> Disk:
    """From now on, the database's disk is full whenever the returned `Disk` says so: a
    store opened on free space is refused its writes once `disk.full` is set."""
    import quiz_app.store.progress as progress

    disk = Disk()

    class Connection(FullDiskConnection):
        def disk_full(self) -> bool:
            return disk.full

    monkeypatch.setattr(progress.sqlite3, "connect", partial(sqlite3.connect, factory=Connection))
    return disk


def cli(home: Path, *arguments: str) -> Result:
    """Run the command line on HOME, as a learner would, and return what it printed."""
    return CliRunner().invoke(main, ["--home", str(home), *arguments])


def answered(home: Path) -> Path:
    """A progress database in HOME holding one answer, and its path."""
    with ProgressStore.for_home(home) as store:
        store.sync_deck("d", ["a"])
        store.record_review("a", "d", 3, NOW)
    return database_path(home)
