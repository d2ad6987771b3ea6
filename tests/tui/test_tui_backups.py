"""The app backs the progress database up when it closes after a study session."""

from __future__ import annotations

from pathlib import Path

from helpers.tui import ready
from quiz_app.backups import list_backups


async def test_closing_the_app_after_studying_leaves_a_backup(make_app, home: Path) -> None:
    app = make_app(screen="study", deck="nato-eu")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("space", "3")
        await pilot.pause()
    [backup] = list_backups(home)
    assert backup.parent == home / "backups"


async def test_two_runs_within_30_minutes_make_one_backup(make_app, home: Path) -> None:
    for _ in range(2):
        app = make_app(screen="study", deck="nato-eu")
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("space", "3")
            await pilot.pause()
    assert len(list_backups(home)) == 1
