"""Automatic backups: made when a session that wrote closes, at most every 30 minutes,
kept by age, listed by `quiz-app backups` and brought back by `quiz-app restore`."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.decks import NOW
from quiz_app import backups
from quiz_app.cli import main
from quiz_app.paths import database_path
from quiz_app.store import ProgressStore


def cli(home: Path, *arguments: str, stdin: str = ""):
    return CliRunner().invoke(main, ["--home", str(home), *arguments], input=stdin)


def review_count(home: Path) -> int:
    with sqlite3.connect(database_path(home)) as db:
        count = db.execute("SELECT count(*) FROM reviews").fetchone()[0]
    db.close()
    return count


def answer(home: Path, card: str, when: datetime = NOW) -> None:
    with ProgressStore.for_home(home) as store:
        store.sync_deck("d", ["a", "b", "c"])
        store.record_review(card, "d", 3, when)


def test_a_line_mode_quiz_that_wrote_leaves_a_backup(home: Path) -> None:
    assert cli(home, "quiz", "--plain", "otan-ue", "-n", "2", stdin="1\n1\n").exit_code == 0
    [backup] = backups.list_backups(home)
    assert backup.parent == home / "backups"
    # a second quiz within 30 minutes adds none
    assert cli(home, "quiz", "--plain", "otan-ue", "-n", "2", stdin="1\n1\n").exit_code == 0
    assert backups.list_backups(home) == [backup]
    listing = cli(home, "backups")
    assert backup.name in listing.stdout and "1 backup in" in listing.stderr


def test_restore_brings_a_backup_back_and_keeps_the_current_database(home: Path) -> None:
    answer(home, "a")
    backup = backups.back_up(home, NOW)
    assert backup is not None
    answer(home, "b")
    answer(home, "c")
    assert review_count(home) == 3
    result = cli(home, "restore", backup.name)
    assert result.exit_code == 0, result.output
    assert review_count(home) == 1
    [aside] = home.glob("progress.sqlite3.before-restore-*")
    with sqlite3.connect(aside) as db:
        assert db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 3
    db.close()
    answer(home, "b")  # the restored database is a working one
    assert review_count(home) == 2


def beside(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_backup_is_one_file_and_restoring_it_leaves_nothing_beside_it(home: Path) -> None:
    answer(home, "a")
    backup = backups.back_up(home, NOW)
    assert backup is not None
    # not in WAL mode (file format bytes 18-19: 1 = rollback journal, 2 = WAL): read, it
    # gets no -wal or -shm
    assert backup.read_bytes()[18:20] == b"\x01\x01"
    # a backup made before they were one file is in WAL mode: read only, SQLite gives it a
    # -wal and a -shm that it cannot remove as it closes
    old = backup.with_name("progress-20240101-000000.sqlite3")
    with sqlite3.connect(database_path(home)) as live, sqlite3.connect(old) as copy:
        live.backup(copy)
    live.close()
    copy.close()
    assert old.read_bytes()[18:20] == b"\x02\x02"
    for restored in (backup, old):
        assert cli(home, "restore", restored.name).exit_code == 0
        assert beside(backup.parent) == sorted([backup.name, old.name])
        assert review_count(home) == 1
        answer(home, "b")  # a working database, in WAL mode again
        with sqlite3.connect(database_path(home)) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()


def test_restoring_moves_aside_what_sqlite_left_of_the_database(home: Path) -> None:
    """A -wal holding answers (the app was killed) goes aside with its database, nothing is
    lost; a -wal, -shm or -journal left without a database goes aside too, since SQLite
    would read it into the restored backup."""
    answer(home, "a")
    backup = backups.back_up(home, NOW)
    assert backup is not None
    database = database_path(home)
    crashed = home / "crashed"
    crashed.mkdir()
    writer = sqlite3.connect(database)  # answers in the -wal only, as the app left them
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE reviews SET rating = 1")
    writer.commit()
    for name in ("progress.sqlite3", "progress.sqlite3-wal", "progress.sqlite3-shm"):
        (crashed / name).write_bytes((home / name).read_bytes())
    writer.close()
    for name in ("progress.sqlite3", "progress.sqlite3-wal", "progress.sqlite3-shm"):
        (home / name).write_bytes((crashed / name).read_bytes())
    assert (home / "progress.sqlite3-wal").stat().st_size > 0

    aside = backups.restore(home, backup, NOW)
    assert aside is not None
    assert {f"{aside.name}-wal", f"{aside.name}-shm"} <= set(beside(home))
    with sqlite3.connect(aside) as db:  # the answer in the -wal is there
        assert db.execute("SELECT rating FROM reviews").fetchall() == [(1,)]
    db.close()

    # the database gone, its -wal, -shm and -journal are still in the way
    for name in ("progress.sqlite3-wal", "progress.sqlite3-shm", "progress.sqlite3-journal"):
        (home / name).write_bytes(b"left by another program")
    database.unlink()
    later = backups.restore(home, backup, NOW + timedelta(minutes=1))
    assert later is not None and not later.exists()
    for end in ("-wal", "-shm", "-journal"):
        assert Path(f"{later}{end}").read_bytes() == b"left by another program"
    assert [name for name in beside(home) if name.startswith("progress.sqlite3-")] == []
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT rating FROM reviews").fetchall() == [(3,)]
    db.close()


def test_a_backup_is_made_at_most_every_30_minutes(home: Path) -> None:
    answer(home, "a")
    first = backups.back_up(home, NOW)
    assert backups.back_up(home, NOW + timedelta(minutes=29)) is None
    second = backups.back_up(home, NOW + timedelta(minutes=31))
    assert first and second and backups.list_backups(home) == [second, first]


def test_backups_are_kept_by_age(home: Path) -> None:
    now = datetime(2025, 3, 31, 12, tzinfo=UTC)
    folder = backups.backups_dir(home)
    folder.mkdir()
    # every 6 hours for 60 days
    for hours in range(0, 60 * 24, 6):
        moment = now - timedelta(hours=hours)
        (folder / f"progress-{moment:%Y%m%d-%H%M%S}.sqlite3").write_bytes(b"")
    (folder / "notes.txt").write_text("not a backup")
    backups.prune(home, now)
    kept = [backups.taken_at(path) for path in backups.list_backups(home)]
    assert kept[:12] == [now - timedelta(hours=6 * i) for i in range(12)]
    days = {moment.date() for moment in kept if now - moment <= timedelta(days=7)}
    assert len(days) == 8  # one for each day of the week (and today)
    assert min(kept) >= now - timedelta(days=31)  # nothing older than a month
    assert len({moment.isocalendar()[:2] for moment in kept}) >= 5
    assert len(kept) < 12 + 8 + 6
    assert (folder / "notes.txt").exists()


def test_a_damaged_database_message_points_to_the_newest_backup(home: Path) -> None:
    answer(home, "a")
    backup = backups.back_up(home, NOW)
    assert backup is not None
    database_path(home).write_bytes(b"this is not a database" * 200)
    result = cli(home, "stats")
    assert result.exit_code == 1
    assert f"quiz-app restore {backup.name}" in result.stderr
    assert cli(home, "restore", backup.name).exit_code == 0
    assert cli(home, "stats").exit_code == 0


@pytest.mark.parametrize("damage", [b"", b"garbage" * 100])
def test_a_damaged_backup_is_not_restored(home: Path, damage: bytes) -> None:
    answer(home, "a")
    folder = backups.backups_dir(home)
    folder.mkdir()
    bad = folder / "progress-20250101-000000.sqlite3"
    bad.write_bytes(damage)
    result = cli(home, "restore", bad.name)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert review_count(home) == 1
    assert "no backup 'nope'" in cli(home, "restore", "nope").stderr


def test_a_backup_that_cannot_be_restored_says_why_in_french(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    answer(home, "a")
    folder = backups.backups_dir(home)
    folder.mkdir()
    (folder / "progress-20250101-000000.sqlite3").write_bytes(b"garbage" * 100)
    damaged = cli(home, "restore", "progress-20250101-000000.sqlite3")
    assert "n’est pas une base de progression\u202f: " in damaged.stderr
    unknown = cli(home, "restore", "nope").stderr
    assert "aucune sauvegarde 'nope' (les plus récentes\u202f: progress-" in unknown
