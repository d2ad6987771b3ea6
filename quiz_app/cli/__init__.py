"""The `quiz-app` command. Subcommands live in sibling modules, one per area.

Nothing here imports textual: only the commands that open the TUI do, lazily.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from quiz_app import __version__
from quiz_app.i18n import _
from quiz_app.paths import HOME_ENV, resolve_home
from quiz_app.preferences import apply_ui_language
from quiz_app.textsafe import VisibleWriter

if TYPE_CHECKING:  # `quiz-app` opens home, which lists the decks without the model
    from quiz_app.model import Deck


@dataclass(frozen=True)
class CliContext:
    home: Path
    move_corrupt_aside: bool = False  # the option, for a database checked in `open_app`


pass_context = click.make_pass_decorator(CliContext)


class HelpFormatter(click.HelpFormatter):
    """click's, with the colon of a section title written as the interface language
    writes it ("Options :" in French): click appends it to its translated title."""

    def write_heading(self, heading: str) -> None:
        self.write(" " * self.current_indent + _("{heading}:").format(heading=heading) + "\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose usage line speaks the interface language: its `[OPTIONS]` is
    click's default argument, not one of the words click translates."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _("[OPTIONS]"))
        super().__init__(*args, **kwargs)


class LazyGroup(click.Group):
    """A group whose subcommand modules are imported only when that command runs,
    so that `validate` never pays for the scheduler or the quiz generator."""

    command_class = Command
    context_class = Context

    def __init__(self, *args: Any, lazy_modules: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # click.Group's own arguments, passed on
        self.lazy_modules = lazy_modules

    def invoke(self, ctx: click.Context) -> object:
        """Any command: a progress database that cannot be used is a message and exit 1."""
        from quiz_app.store.errors import StoreCorruptError, StoreError

        try:
            return super().invoke(ctx)
        except StoreError as error:
            message = str(error)
            if isinstance(error, StoreCorruptError) and isinstance(ctx.obj, CliContext):
                from quiz_app.backups import newest_backup, restore_hint

                hint = restore_hint(newest_backup(ctx.obj.home))
                message = " ".join(filter(None, (message, hint)))
            raise click.ClickException(message) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_modules))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy_modules:
            importlib.import_module(
                self.lazy_modules[name]
            )  # the module adds its commands to `main`
        return super().get_command(ctx, name)


def tag_option() -> Callable:
    return click.option(
        "--tag",
        "tags",
        multiple=True,
        metavar=_("TAG"),
        help=_("Only the items with this tag; repeat it for several (any of them)."),
    )


def check_tags(decks: Iterable[Deck], tags: Iterable[str]) -> None:
    """A usage error (exit 2) for a tag no item of the decks has."""
    known = {tag for deck in decks for tag in deck.all_tags}
    for tag in tags:
        if tag not in known:
            listed = ", ".join(sorted(known)) or _("none")
            raise click.BadParameter(
                _("no item has the tag {tag!r} (tags: {listed})").format(tag=tag, listed=listed),
                param_hint="'--tag'",
            )


# The commands that read or write progress: their database is checked before they start.
# `study`, `quiz` and the bare command check it once the deck and tags they name are known
# to exist (`open_app`, `quiz --plain`): a mistyped deck is an error at once, without
# loading the store.
COMMANDS_USING_THE_STORE = {
    "stats",
    "export",
    "settings",
    "import",
    "optimize",
}

# Each command's module: it registers itself with `@main.command()` when imported.
COMMAND_MODULES = {
    "validate": "quiz_app.cli.decks",
    "decks": "quiz_app.cli.decks",
    "schema": "quiz_app.cli.decks",
    "new": "quiz_app.cli.decks",
    "lint": "quiz_app.cli.lint",
    "study": "quiz_app.cli.app",
    "preview": "quiz_app.cli.quiz",
    "quiz": "quiz_app.cli.quiz",
    "stats": "quiz_app.cli.stats",
    "export": "quiz_app.cli.stats",
    "settings": "quiz_app.cli.settings",
    "backups": "quiz_app.cli.backups",
    "restore": "quiz_app.cli.backups",
    "import": "quiz_app.cli.anki",
    "optimize": "quiz_app.cli.optimize",
}


@click.group(
    cls=LazyGroup,
    help=_(
        "Spaced-repetition flashcards and quizzes in the terminal.\n\n"
        "Without a command, opens the app on the home screen."
    ),
    lazy_modules=COMMAND_MODULES,
    invoke_without_command=True,
    options_metavar=_("[OPTIONS]"),
    subcommand_metavar=_("COMMAND [ARGS]..."),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="quiz-app")
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    callback=lambda _ctx, _param, value: _home_given(value),
    envvar=HOME_ENV,
    help=_(
        "Data dir: progress database and user decks "
        "[env: {env}; default: the platform's user data dir]."
    ).format(env=HOME_ENV),
)
@click.option(
    "--move-corrupt-aside",
    is_flag=True,
    help=_(
        "If the progress database is damaged, rename it to a timestamped backup "
        "and start a new one."
    ),
)
@click.pass_context
def main(ctx: click.Context, home: Path | None, move_corrupt_aside: bool) -> None:
    VisibleWriter.install()  # data (deck text, file names, the database) is never obeyed
    ctx.obj = CliContext(home=resolve_home(home), move_corrupt_aside=move_corrupt_aside)
    apply_ui_language(ctx.obj.home)
    if ctx.invoked_subcommand in COMMANDS_USING_THE_STORE:
        check_progress_database(ctx.obj, move_corrupt_aside)
    if ctx.invoked_subcommand is None:
        from quiz_app.cli.app import open_app

        open_app(ctx.obj)


def _home_given(value: str | None) -> Path | None:
    if value == "":  # Path("") is the current folder: never what was meant
        raise click.BadParameter(_("is empty: name a folder, or leave --home out"))
    return Path(value) if value is not None else None


def is_terminal(stream: IO[str] | None) -> bool:
    """Whether `stream` is an open terminal (a closed stdin is None in Python)."""
    return stream is not None and not stream.closed and stream.isatty()


def check_progress_database(context: CliContext, move_aside: bool) -> None:
    """A damaged database is never overwritten: it is moved aside only when the learner
    says so, with --move-corrupt-aside or by answering yes at the prompt."""
    import sys

    from quiz_app.backups import newest_backup, restore_hint
    from quiz_app.paths import database_path
    from quiz_app.scheduling import utc_now
    from quiz_app.store import ProgressStore, StoreCorruptError

    path = database_path(context.home)
    if not path.exists():
        return
    try:
        # An older schema is upgraded here, once, before the command: say why it waits.
        with ProgressStore(
            path, on_wait=lambda text: click.echo(f"quiz-app: {text}", err=True)
        ) as store:
            if store.read_only_reason is not None:
                click.echo(
                    _("quiz-app: progress can be read but not saved: {reason}").format(
                        reason=store.read_only_reason
                    ),
                    err=True,
                )
            for problem in store.settings_problems():
                click.echo(f"quiz-app: {problem}", err=True)
    except StoreCorruptError as error:
        click.echo(f"quiz-app: {error}", err=True)
        if hint := restore_hint(newest_backup(context.home)):
            click.echo(f"quiz-app: {hint}", err=True)
        consent = move_aside or (
            is_terminal(sys.stdin)
            and click.confirm(_("Move it aside to a backup and start a new database?"), err=True)
        )
        if not consent:
            raise click.ClickException(
                _(
                    "nothing was changed; run again with --move-corrupt-aside to keep the file "
                    "as a backup and start a new database"
                )
            ) from None
        backup = ProgressStore.move_aside(path, utc_now())
        click.echo(_("quiz-app: the damaged database is now {path}").format(path=backup), err=True)
