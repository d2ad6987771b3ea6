"""`quiz-app validate` and `quiz-app decks`."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from quiz_app.cli import CliContext, main, pass_context
from quiz_app.i18n import _, counted
from quiz_app.library import check_decks, discover, origin_name
from quiz_app.model import LANGUAGES
from quiz_app.numbers import item_counts
from quiz_app.paths import DECK_SUFFIXES, schema_path


@main.command(
    help=_(
        "Check decks as the app loads them: deck files, folders or deck ids (by default the "
        "bundled decks and HOME/decks). Exit 0 when all are valid, 1 otherwise."
    )
)
@click.argument("targets", nargs=-1, metavar=_("[TARGETS]..."))
@pass_context
def validate(context: CliContext, targets: tuple[str, ...]) -> None:
    paths: list[Path] = []
    for target in targets:
        if Path(target).exists():
            paths.append(Path(target))
        elif (deck := discover(context.home).find(target)) is not None and deck.path:
            paths.append(deck.path)
        else:
            raise click.UsageError(
                _("no deck file, folder or deck id {name!r}").format(name=target)
            )
    checked = check_decks(context.home, paths if targets else None)
    for _path, _deck, problems in checked:
        for problem in problems:
            click.echo(problem.report(), err=True)
    if not checked:
        click.echo(_("no deck files (*.yaml, *.yml) found"), err=True)
        raise SystemExit(1)
    valid = sum(deck is not None for _path, deck, _problems in checked)
    summary = counted(
        "{valid} of {n} deck file valid",
        "{valid} of {n} deck files valid",
        len(checked),
        valid=valid,
    )
    click.echo(summary, err=valid < len(checked))
    raise SystemExit(0 if valid == len(checked) else 1)


@main.command(
    "decks",
    help=_(
        "List the bundled and user decks with their item counts. Exit 1 when a deck "
        "failed to load (its problems are listed)."
    ),
)
@pass_context
def list_decks(context: CliContext) -> None:
    library = discover(context.home)
    for entry in library.entries:
        deck = entry.summary  # listed without building its items
        counts = ", ".join(item_counts(deck.sizes))
        click.echo(
            f"{deck.id:<20} {deck.language}  {origin_name(entry.origin):<8} "
            + counted("{n} item", "{n} items", sum(deck.sizes)).rjust(10)
            + f" ({counts})  {deck.title}"
        )
    for problem in library.problems:
        click.echo(str(problem), err=True)
    if library.problems:
        raise SystemExit(1)


@main.command(help=_("Print the path of the deck files' JSON Schema (for editors)."))
def schema() -> None:
    click.echo(str(schema_path()))


@main.command(help=_("Write a commented starter deck to FILE, with an example of every item type."))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar=_("FILE"))
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help=_("Language of the deck and of its generated questions."),
)
@click.option(
    "--title", metavar=_("TEXT"), help=_("The deck's title [default: made from FILE's name].")
)
def new(file: Path, language: str, title: str | None) -> None:
    from quiz_app.starter import starter_deck

    if file.suffix not in DECK_SUFFIXES:
        raise click.UsageError(
            _("FILE must end in .yaml or .yml, not {name!r}").format(name=file.name)
        )
    try:
        with open(file, "x", encoding="utf-8") as handle:  # never overwrite a deck
            handle.write(starter_deck(file, language, title))
    except FileExistsError:
        raise click.ClickException(
            _("{path} already exists; choose another name").format(path=file)
        ) from None
    except OSError as error:
        raise click.ClickException(
            _("cannot write {path}: {reason}").format(path=file, reason=error.strerror or error)
        ) from None
    click.echo(
        _("wrote {path}; check it with: {command}").format(
            path=file, command=f"quiz-app validate {shlex.quote(str(file))}"
        )
    )
