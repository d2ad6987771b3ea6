"""`quiz-app validate` and `quiz-app decks`."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from quiz_app.cli import CliContext, main, pass_context
from quiz_app.library import check_decks, discover
from quiz_app.model import LANGUAGES
from quiz_app.numbers import item_counts
from quiz_app.paths import DECK_SUFFIXES, schema_path


@main.command()
@click.argument("targets", nargs=-1)
@pass_context
def validate(context: CliContext, targets: tuple[str, ...]) -> None:
    """Check decks as the app loads them: deck files, folders or deck ids (by default the
    bundled decks and HOME/decks). Exit 0 when all are valid, 1 otherwise."""
    paths: list[Path] = []
    for target in targets:
        if Path(target).exists():
            paths.append(Path(target))
        elif (deck := discover(context.home).find(target)) is not None and deck.path:
            paths.append(deck.path)
        else:
            raise click.UsageError(f"no deck file, folder or deck id {target!r}")
    checked = check_decks(context.home, paths if targets else None)
    for _, _, problems in checked:
        for problem in problems:
            click.echo(problem.report(), err=True)
    if not checked:
        click.echo("no deck files (*.yaml, *.yml) found", err=True)
        raise SystemExit(1)
    valid = sum(deck is not None for _, deck, _ in checked)
    click.echo(f"{valid} of {len(checked)} deck file(s) valid", err=valid < len(checked))
    raise SystemExit(0 if valid == len(checked) else 1)


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


@main.command()
def schema() -> None:
    """Print the path of the deck files' JSON Schema (for editors)."""
    click.echo(str(schema_path()))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the deck and of its generated questions.",
)
@click.option("--title", help="The deck's title [default: made from FILE's name].")
def new(file: Path, language: str, title: str | None) -> None:
    """Write a commented starter deck to FILE, with an example of every item type."""
    from quiz_app.starter import starter_deck

    if file.suffix not in DECK_SUFFIXES:
        raise click.UsageError(f"FILE must end in .yaml or .yml, not {file.name!r}")
    try:
        with open(file, "x", encoding="utf-8") as handle:  # never overwrite a deck
            handle.write(starter_deck(file, language, title))
    except FileExistsError:
        raise click.ClickException(f"{file} already exists; choose another name") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {file}: {error.strerror or error}") from None
    click.echo(f"wrote {file}; check it with: quiz-app validate {shlex.quote(str(file))}")
