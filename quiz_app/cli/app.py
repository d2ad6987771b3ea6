"""Commands that open the Textual app. textual is imported only once one of them runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quiz_app.cli import (
    CliContext,
    check_progress_database,
    check_tags,
    is_terminal,
    main,
    pass_context,
    tag_option,
)
from quiz_app.i18n import _


def open_app(
    context: CliContext,
    screen: str | None = None,
    deck: str | None = None,
    n: int | None = None,
    seed: int | None = None,
    tags: tuple[str, ...] = (),
) -> None:
    """Open the app, once what the command line names is known to exist: a mistyped deck
    is an error at once, not an app with a toast, terminal or not, and before the progress
    database is checked. A database the app cannot use does not keep it closed: home says
    what is wrong and what to do."""
    if deck is not None:
        check_deck_name(deck, context.home)
    if tags:
        from quiz_app.library import discover, resolve_deck

        named = resolve_deck(deck, context.home)[0] if deck is not None else None
        check_tags([named] if named else discover(context.home).decks, tags)
    if not (is_terminal(sys.stdin) and is_terminal(sys.stdout)):
        raise click.ClickException(
            _("the app needs a terminal; in a script, use `quiz-app quiz DECK --plain`")
        )
    from quiz_app.store import StoreError

    unusable = None  # the app opens all the same: home says what is wrong and what to do
    try:  # an older database is upgraded here, a damaged one moved aside if the learner says so
        check_progress_database(context, context.move_corrupt_aside)
    except StoreError as error:
        unusable = error  # the app need not wait for a lock again to find it
    except click.ClickException:
        pass  # the damaged database is kept: the app finds it so in turn
    from quiz_app.parse_ahead import ParseAhead

    parse_ahead = ParseAhead.for_home(context.home)  # first: it works while Textual loads
    try:
        from quiz_app.tui import import_app

        QuizApp = import_app()
    except ImportError as error:  # the TUI is not built yet in this checkout
        parse_ahead.close()
        raise click.ClickException(
            _("the app could not start: {error}").format(error=error)
        ) from error
    app = QuizApp(
        home=context.home,
        screen=screen,
        deck=deck,
        n=n,
        seed=seed,
        tags=tags,
        parse_ahead=parse_ahead,
        store_error=unusable,
    )
    app.run()
    if app.return_code:  # it ended on an error: a script must see it
        raise SystemExit(app.return_code)


def check_deck_name(name: str, home: Path) -> None:
    """A deck file, or the id of a deck the app will find; otherwise a usage error (exit 2).
    A file is parsed by the app, which shows its problems as it does for every deck."""
    if Path(name).is_file():
        return
    from quiz_app.library import resolve_deck

    _deck, problems = resolve_deck(name, home)
    if problems:
        raise click.BadParameter(problems[0].message, param_hint=f"'{_('DECK')}'")


@main.command(help=_("Study a deck's due flashcards (all decks when none is named)."))
@click.argument("deck", required=False, metavar=_("[DECK]"))
@tag_option()
@pass_context
def study(context: CliContext, deck: str | None, tags: tuple[str, ...]) -> None:
    open_app(context, screen="study", deck=deck, tags=tags)
