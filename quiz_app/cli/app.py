"""Commands that open the Textual app. textual is imported only once one of them runs."""

from __future__ import annotations

import click

from quiz_app.cli import CliContext, main, pass_context


def open_app(context: CliContext, **start: object) -> None:
    try:
        from quiz_app.tui import import_app

        QuizApp = import_app()
    except ImportError as error:  # the TUI is not built yet in this checkout
        raise click.ClickException(f"the app could not start: {error}") from error
    QuizApp(home=context.home, **start).run()


@main.command()
@click.argument("deck", required=False)
@pass_context
def study(context: CliContext, deck: str | None) -> None:
    """Study a deck's due flashcards (all decks when none is named)."""
    open_app(context, screen="study", deck=deck)
