"""`quiz-app lint`: the questions a deck would ask badly."""

from __future__ import annotations

from pathlib import Path

import click

from quiz_app.cli import main
from quiz_app.i18n import _, counted
from quiz_app.lint import lint, warnings_of
from quiz_app.loader import load_decks


@main.command(
    "lint",
    help=_(
        "Report each weak question the decks would ask, as path:line: warning: ITEM-ID: what, "
        "and each question an item does not yield and why, as path:line: note: ITEM-ID: why."
    )
    + "\n\n"
    + _(
        "Exit 1 when a deck is invalid (or, with --strict, on any warning; notes never fail), "
        "0 otherwise."
    ),
)
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar=_("PATHS...")
)
@click.option("--strict", is_flag=True, help=_("Exit 1 on any warning, not only on invalid decks."))
def lint_command(paths: tuple[Path, ...], strict: bool) -> None:
    decks, problems = load_decks(paths)
    for problem in problems:
        click.echo(str(problem), err=True)
    findings = [finding for deck in decks for finding in lint(deck)]
    for finding in findings:
        click.echo(str(finding))
    warnings = warnings_of(findings)
    linted = counted("{n} deck linted", "{n} decks linted", len(decks))
    found = ", ".join(
        [
            counted("{n} warning", "{n} warnings", len(warnings)),
            counted("{n} note", "{n} notes", len(findings) - len(warnings)),
        ]
    )
    click.echo(_("{linted}: {found}").format(linted=linted, found=found), err=True)
    failed = any(not problem.warning for problem in problems) or not (decks or problems)
    raise SystemExit(1 if failed or (strict and warnings) else 0)
