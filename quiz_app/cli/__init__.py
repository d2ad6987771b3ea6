"""The `quiz-app` command. Subcommands live in sibling modules, one per area.

Nothing here imports textual: only the commands that open the TUI do, lazily.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from quiz_app import __version__
from quiz_app.paths import HOME_ENV, resolve_home


@dataclass(frozen=True)
class CliContext:
    home: Path


pass_context = click.make_pass_decorator(CliContext)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="quiz-app")
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=HOME_ENV,
    help=f"Data dir: progress database and user decks [env: {HOME_ENV}; default: the platform's user data dir].",
)
@click.pass_context
def main(ctx: click.Context, home: Path | None) -> None:
    """Spaced-repetition flashcards and quizzes in the terminal.

    Without a command, opens the app on the home screen.
    """
    ctx.obj = CliContext(home=resolve_home(home))
    if ctx.invoked_subcommand is None:
        from quiz_app.cli.app import open_app

        open_app(ctx.obj)


def _register() -> None:
    from quiz_app.cli import app, decks, quiz, stats  # noqa: F401  (each module adds its commands to `main`)


_register()
