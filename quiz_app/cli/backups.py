"""`quiz-app backups` and `quiz-app restore`: the automatic backups of `quiz_app.backups`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from quiz_app import backups
from quiz_app.cli import CliContext, main, pass_context
from quiz_app.i18n import _, counted
from quiz_app.scheduling import utc_now
from quiz_app.store import ProgressStore


@contextlib.contextmanager
def back_up_after(
    store: ProgressStore, home: Path, warn: Callable[[str], None]
) -> Iterator[ProgressStore]:
    """Close `store` at the end, then back the database up if it was written to."""
    with store:
        yield store
    if store.has_written:
        try:
            backups.back_up(home, utc_now())
        except backups.BackupError as error:
            warn(f"quiz-app: {error}")


@main.command(
    "backups", help=_("List the automatic backups of the progress database, newest first.")
)
@pass_context
def list_backups(context: CliContext) -> None:
    found = backups.list_backups(context.home)
    folder = backups.backups_dir(context.home)
    click.echo(
        counted("{n} backup in {folder}", "{n} backups in {folder}", len(found), folder=folder),
        err=True,
    )
    for backup in found:
        size = backup.stat().st_size / 1e6
        click.echo(f"{backup.name}  {backups.taken_at(backup):%Y-%m-%d %H:%M} UTC  {size:.1f} MB")


@main.command(
    "restore",
    help=_(
        "Make BACKUP (a name listed by `quiz-app backups`, or a path) the progress database. "
        "The current database is moved aside first, never deleted."
    ),
)
@click.argument("backup", metavar=_("BACKUP"))
@pass_context
def restore_command(context: CliContext, backup: str) -> None:
    try:
        found = backups.find_backup(context.home, backup)
        aside = backups.restore(context.home, found, utc_now())
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    if aside is not None:
        click.echo(_("the database before the restore is now {path}").format(path=aside), err=True)
    click.echo(_("restored {name}").format(name=found.name), err=True)
