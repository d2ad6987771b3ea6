"""Another program writing: commands that only read go on, and an upgrade of the schema
waits for the write lock, says so, and gives up with a message (issue 17, failure 7)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from helpers.decks import NOW
from helpers.store import answered, cli, held_by_another_process, older_database, user_version
from quiz_app.paths import database_path
from quiz_app.store import SCHEMA_VERSION, ProgressStore, StoreUnavailableError

SHORT_WAIT_MS = 300  # the busy timeout in these tests: the lock is held for longer


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quiz_app.store.schema.BUSY_TIMEOUT_MS", SHORT_WAIT_MS)


@pytest.mark.parametrize("how", ["IMMEDIATE", "EXCLUSIVE"])
@pytest.mark.parametrize(
    "command",
    [["stats"], ["stats", "--json"], ["export"], ["export", "--format", "json"], ["backups"]],
)
def test_read_only_commands_work_while_another_program_holds_the_write_lock(
    cached_home: Path, short_wait: None, how: str, command: list[str]
) -> None:
    home = cached_home  # the bundled decks that stats and export list, already parsed
    database = answered(home)
    with held_by_another_process(database, how):
        result = cli(home, *command)
    assert result.exit_code == 0, result.output
    assert "locked" not in result.output
    if command[0] == "export":
        assert "good" in result.stdout  # the answer given before the lock was taken


def test_the_store_opens_and_reads_while_locked_and_a_write_says_locked(
    home: Path, short_wait: None
) -> None:
    database = answered(home)
    with held_by_another_process(database), ProgressStore(database) as store:
        assert len(store.reviews()) == 1
        with pytest.raises(StoreUnavailableError, match="locked by another program"):
            store.record_review("a", "d", 3, NOW)


def test_an_upgrade_waits_for_the_lock_says_so_and_gives_up_with_a_message(
    home: Path, short_wait: None
) -> None:
    database = older_database(database_path(home))
    with held_by_another_process(database):
        result = cli(home, "stats")
    assert result.exit_code == 1
    assert "Waiting for another quiz-app to finish" in result.stderr
    assert "needs an upgrade" in result.stderr and "kept it locked for more than" in result.stderr
    assert "Traceback" not in result.output
    assert user_version(database) == SCHEMA_VERSION - 1  # nothing changed


def test_an_upgrade_goes_on_once_the_other_program_is_done(home: Path) -> None:
    database = older_database(database_path(home))
    waits: list[str] = []
    opened: list[ProgressStore] = []
    opener = threading.Thread(
        target=lambda: opened.append(ProgressStore(database, on_wait=waits.append))
    )
    with held_by_another_process(database):
        opener.start()
        time.sleep(0.5)  # the other program finishes a moment after the store starts waiting
        assert not opened
    opener.join(10)
    assert opened, "the store did not open once the lock was released"
    opened[0].close()
    assert user_version(database) == SCHEMA_VERSION
    assert len(waits) == 1 and "Waiting for another quiz-app to finish" in waits[0]


def test_an_up_to_date_database_never_waits(home: Path, short_wait: None) -> None:
    database = answered(home)
    waits: list[str] = []
    with held_by_another_process(database):
        ProgressStore(database, on_wait=waits.append).close()
    assert waits == []
