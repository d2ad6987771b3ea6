"""The console script. Answers `--version` before importing anything else, so it is instant."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from quiz_app import __version__

        print(f"quiz-app, version {__version__}")
        return
    # Before the CLI is imported: its help texts are translated as its modules load.
    from quiz_app.paths import resolve_home
    from quiz_app.preferences import apply_ui_language

    apply_ui_language(resolve_home(_home_option(sys.argv[1:])))
    from quiz_app.cli import main as cli

    cli()


def _home_option(args: list[str]) -> str | None:
    """The value of `--home DIR` or `--home=DIR`, as click will read it."""
    for index, arg in enumerate(args):
        if arg == "--home" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--home="):
            return arg.removeprefix("--home=")
    return None
