"""`quiz-app validate` and `quiz-app decks`."""

from __future__ import annotations

from pathlib import Path

import click

from quiz_app.cli import CliContext, main, pass_context
from quiz_app.library import discover
from quiz_app.loader import errors, load_decks
from quiz_app.numbers import item_counts


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check deck files or folders. Exit 0 when all are valid, 1 otherwise."""
    decks, problems = load_decks(paths)
    for problem in problems:
        click.echo(problem.report(), err=True)
    if not decks and not problems:
        click.echo("no deck files (*.yaml, *.yml) found", err=True)
        raise SystemExit(1)
    failed = errors(problems)
    checked = len(decks) + len({problem.path for problem in failed})
    summary = f"{len(decks)} of {checked} deck file(s) valid"
    click.echo(summary, err=bool(failed))
    raise SystemExit(1 if failed else 0)


@main.command("decks")
@pass_context
def list_decks(context: CliContext) -> None:
    """List the bundled and user decks with their item counts."""
    library = discover(context.home)
    for entry in library.entries:
        deck = entry.deck
        counts = ", ".join(item_counts(deck))
        click.echo(
            f"{deck.id:<20} {deck.language}  {entry.origin:<8} {len(deck.items):>4} items ({counts})  {deck.title}"
        )
    for problem in library.problems:
        click.echo(str(problem), err=True)
