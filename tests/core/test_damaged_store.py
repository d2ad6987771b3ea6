"""Every way the progress database or its folder can be unusable is a message saying
what to do, and exit 1: never a traceback, never a change to the file."""

from __future__ import annotations

import errno
import json
import sqlite3
from pathlib import Path

import pytest

from helpers.decks import NOW
from helpers.store import FullDiskConnection, answered, cli, fill_the_disk, read_only
from quiz_app import backups
from quiz_app.paths import database_path
from quiz_app.store import (
    ProgressStore,
    StoreCorruptError,
    StoreUnavailableError,
    StoreVersionError,
)
from quiz_app.store.errors import unavailable


def sql(path: Path, statement: str) -> None:
    db = sqlite3.connect(path)
    db.execute(statement)
    db.commit()
    db.close()


@pytest.mark.parametrize("command", [["stats"], ["settings", "new_per_day=5"], ["export"]])
def test_a_folder_in_place_of_the_database(home: Path, command: list[str]) -> None:
    database_path(home).mkdir()
    result = cli(home, *command)
    assert result.exit_code == 1
    assert "is a folder, not a progress database" in result.stderr
    assert "Traceback" not in result.output


def test_a_database_from_a_newer_version(home: Path) -> None:
    sql(answered(home), "PRAGMA user_version = 99")
    result = cli(home, "stats")
    assert result.exit_code == 1
    assert "written by a newer quiz-app" in result.stderr and "Upgrade" in result.stderr
    assert "Traceback" not in result.output


def test_a_dropped_table_points_to_the_newest_backup(home: Path) -> None:
    database = answered(home)
    backup = backups.back_up(home, NOW)
    assert backup is not None
    sql(database, "DROP TABLE reviews")
    result = cli(home, "stats")
    assert result.exit_code == 1
    assert "part of it is missing" in result.stderr
    assert f"quiz-app restore {backup.name}" in result.stderr
    assert "Traceback" not in result.output


def test_a_home_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    result = cli(tmp_path / "file" / "home", "settings", "new_per_day=5")
    assert result.exit_code == 1
    assert "is not a folder" in result.stderr
    assert "Traceback" not in result.output


def test_a_database_locked_by_another_program(home: Path) -> None:
    database = answered(home)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(StoreUnavailableError, match="locked by another program"),
            ProgressStore(database, busy_timeout_ms=100) as store,
        ):
            store.record_review("a", "d", 3, NOW)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.EROFS, "Read-only file system"), "is read-only"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "is read-only"),
        (OSError(errno.ENOSPC, "No space left on device"), "is full"),
        (sqlite3.OperationalError("database or disk is full"), "is full"),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory"), "is not a folder"),
        (PermissionError(errno.EACCES, "Permission denied"), "no permission"),
        (sqlite3.OperationalError("database is locked"), "locked by another program"),
    ],
)
def test_each_failure_says_what_to_do(tmp_path: Path, error: BaseException, words: str) -> None:
    message = str(unavailable(tmp_path / "progress.sqlite3", error))
    assert words in message


# --- a read-only or full data folder: what can be read is, nothing is half-written ---


def test_a_read_only_folder_is_read_and_nothing_is_written(home: Path) -> None:
    database = answered(home)
    with read_only(home):
        stats = cli(home, "stats", "d", "--json")
        export = cli(home, "export")
        settings = cli(home, "settings", "new_per_day=5")
        quiz = cli(home, "quiz", "nato-eu", "--plain")
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["cards"]["learning"] == 1
    assert "progress can be read but not saved" in stats.stderr
    assert export.exit_code == 0 and "good" in export.stdout
    for refused in (settings, quiz):
        assert refused.exit_code == 1
        assert f"the data folder {home} is read-only" in refused.stderr
        assert "Traceback" not in refused.output
    assert not Path(f"{database}-wal").exists()


def test_a_read_only_folder_refuses_the_quiz_in_french(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    answered(home)
    with read_only(home):
        quiz = cli(home, "quiz", "nato-eu", "--plain")
    assert quiz.exit_code == 1
    assert "le quiz ne peut pas être enregistré\u202f: " in quiz.stderr


def test_a_read_only_folder_with_no_database_yet(home: Path) -> None:
    with read_only(home):
        stats = cli(home, "stats")
        settings = cli(home, "settings", "new_per_day=5")
    assert stats.exit_code == 0  # nothing studied yet: zeros
    assert settings.exit_code == 1
    assert f"the data folder {home} is read-only" in settings.stderr
    assert "Traceback" not in settings.output


def test_a_full_disk_is_a_message_and_the_figures_are_still_read(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered(home)
    fill_the_disk(monkeypatch)
    stats = cli(home, "stats", "d", "--json")
    settings = cli(home, "settings", "new_per_day=5")
    assert stats.exit_code == 0 and json.loads(stats.stdout)["cards"]["learning"] == 1
    assert settings.exit_code == 1
    assert f"the disk of {home} is full" in settings.stderr
    assert "Traceback" not in settings.output


def test_a_refused_commit_leaves_the_store_usable(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deck first seen in a write the disk refused: the next write (with room again)
    does not point to the deck row that was never committed."""
    answered(home)
    fill_the_disk(monkeypatch)
    with ProgressStore.for_home(home) as store:
        with pytest.raises(StoreUnavailableError, match="is full"):
            store.sync_deck("new", ["new/a"])
        monkeypatch.setattr(FullDiskConnection, "disk_full", lambda _self: False)  # room again
        store.record_review("new/a", "new", 3, NOW)  # not "FOREIGN KEY constraint failed"
        assert [review.card_id for review in store.reviews(deck_id="new")] == ["new/a"]


def test_the_store_speaks_french_under_french(tmp_path: Path) -> None:
    """The store's own messages go through the catalog, with French typography."""
    from quiz_app import i18n

    i18n.set_language("fr")
    path = tmp_path / "progress.sqlite3"
    full = str(unavailable(path, OSError(28, "No space left on device")))
    assert full.startswith(f"le disque de {tmp_path} est plein")
    assert "libérez de la place" in full
    locked = str(unavailable(path, sqlite3.OperationalError("database is locked")))
    assert "est verrouillé par un autre programme (un autre quiz-app\u202f?)\u202f:" in locked
    damaged = str(StoreCorruptError(path, "file is not a database"))
    assert "n’est pas une base de progression quiz-app lisible" in damaged


def test_sqlites_english_is_quoted_as_sqlites_under_french(tmp_path: Path) -> None:
    """SQLite's messages are English whatever the interface language: the French around
    one says it is SQLite's, quoted; nothing of quiz-app's own stays English."""
    from quiz_app import i18n

    i18n.set_language("fr")
    garbage = tmp_path / "garbage" / "progress.sqlite3"
    garbage.parent.mkdir()
    garbage.write_bytes(b"not a database " * 100)
    with pytest.raises(StoreCorruptError) as damaged:
        ProgressStore.for_home(garbage.parent)
    assert "lisible (erreur SQLite «\u202ffile is not a database\u202f»)." in str(damaged.value)

    def refused_after(home: Path, statement: str, refusal: type[Exception]) -> str:
        """Why a database the store made, then changed by `statement`, is refused."""
        ProgressStore.for_home(home).close()
        with sqlite3.connect(home / "progress.sqlite3") as db:
            db.execute(statement)
        db.close()
        with pytest.raises(refusal) as refused:
            ProgressStore.for_home(home)
        return str(refused.value)

    dropped = refused_after(tmp_path / "dropped", "DROP TABLE reviews", StoreCorruptError)
    assert "(il en manque une partie, dans\u202f: reviews)" in dropped
    newer = refused_after(tmp_path / "newer", "PRAGMA user_version = 99", StoreVersionError)
    assert "a été écrit par une version plus récente de quiz-app" in newer

    cannot = str(unavailable(garbage, sqlite3.OperationalError("disk I/O error")))
    assert cannot.endswith(": erreur SQLite «\u202fdisk I/O error\u202f»")
