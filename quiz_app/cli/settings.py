"""`quiz-app settings`: see and change how decks are studied (FSRS retention, limits, steps),
and the interface language (`ui_language`, a preference of the learner, not of a deck)."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import timedelta
from typing import Any

import click

from quiz_app.cli import CliContext, main, pass_context
from quiz_app.i18n import UI_LANGUAGE_SETTINGS, _, counted
from quiz_app.library import discover
from quiz_app.preferences import load_ui_language, save_ui_language
from quiz_app.scheduling import StudySettings
from quiz_app.store import ProgressStore

_STEP = re.compile(r"^(\d+)([smhd])$")
_STEP_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_STEP_FIELDS = ("learning_steps", "relearning_steps")


def _steps(text: str) -> tuple[timedelta, ...]:
    """`1m,10m` -> (1 minute, 10 minutes); `none` means no steps."""
    if text.lower() == "none":
        return ()
    if not text:
        raise ValueError(_("is empty: write steps such as 1m,10m, or none for no steps"))
    steps = []
    for part in (piece.strip() for piece in text.split(",")):
        match = _STEP.match(part)
        if not match:
            raise ValueError(
                _("{part!r} is not a step: write a number and s, m, h or d, e.g. 10m").format(
                    part=part
                )
            )
        try:
            steps.append(timedelta(**{_STEP_UNITS[match[2]]: int(match[1])}))
        except OverflowError:
            raise ValueError(
                _("{part!r} is too long: a step is at most 365d").format(part=part)
            ) from None
    return tuple(steps)


def _show_step(step: timedelta) -> str:
    seconds = int(step.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _parse(name: str, text: str) -> object:
    if name in _STEP_FIELDS:
        return _steps(text)
    kind = type(getattr(StudySettings(), name))
    if kind is bool:
        if text.lower() not in ("true", "false", "on", "off", "yes", "no"):
            raise ValueError(_("{name} is true or false").format(name=name))
        return text.lower() in ("true", "on", "yes")
    return kind(text)


# Set by `quiz-app optimize` only, and shown by `describe_parameters`.
_FITTED_FIELDS = ("fsrs_parameters", "fsrs_fit")


def describe_parameters(settings: StudySettings) -> list[str]:
    """Which FSRS parameters are in use, and how well they fit."""
    fit = settings.fsrs_fit
    name = f"{'fsrs_parameters':<18} = "
    if not settings.fsrs_parameters or fit is None:
        return [name + _("defaults (`quiz-app optimize` fits your own)")]
    return [
        name
        + counted(
            "fitted on {date} to {reviews} reviews of {n} card",
            "fitted on {date} to {reviews} reviews of {n} cards",
            fit.cards,
            date=fit.date,
            reviews=fit.reviews,
        ),
        f"{'':<21}"
        + _(
            "log loss {loss} (defaults {default_loss}), RMSE {rmse} (defaults {default_rmse})"
        ).format(
            loss=f"{fit.log_loss:.4f}",
            default_loss=f"{fit.default_log_loss:.4f}",
            rmse=f"{fit.rmse:.2%}",
            default_rmse=f"{fit.default_rmse:.2%}",
        ),
        f"{'':<21}" + " ".join(f"{value:g}" for value in settings.fsrs_parameters),
    ]


def _changes(assignments: tuple[str, ...]) -> dict[str, Any]:
    """Field name to new value, each of its field's type (as `_parse` makes it)."""
    names = [field.name for field in fields(StudySettings) if field.name not in _FITTED_FIELDS]
    changes: dict[str, Any] = {}
    for assignment in assignments:
        name, sign, text = assignment.partition("=")
        name = name.strip().replace("-", "_")
        if not sign or name not in names:
            raise click.BadParameter(
                _("{assignment!r}: write NAME=VALUE with NAME one of {names}").format(
                    assignment=assignment, names=", ".join([*names, UI_LANGUAGE])
                )
            )
        try:
            changes[name] = _parse(name, text.strip())
        except ValueError as error:
            raise click.BadParameter(f"{assignment!r}: {error}") from None
    return changes


def _describe(settings: StudySettings) -> list[str]:
    lines = []
    for field in fields(StudySettings):
        if field.name in _FITTED_FIELDS:
            continue
        value = getattr(settings, field.name)
        shown = (
            ",".join(_show_step(step) for step in value)
            if field.name in _STEP_FIELDS
            else str(value).lower()
        )
        lines.append(f"{field.name:<18} = {shown}")
    return lines + describe_parameters(settings)


UI_LANGUAGE = "ui_language"


def _ui_language(assignments: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """The `ui_language=VALUE` among the assignments, if any, and the others."""
    setting, others = None, []
    for assignment in assignments:
        name, sign, text = assignment.partition("=")
        if sign and name.strip().replace("-", "_") == UI_LANGUAGE:
            setting = text.strip().lower()
            if setting not in UI_LANGUAGE_SETTINGS:
                raise click.BadParameter(
                    _("{assignment!r}: ui_language is one of {choices}").format(
                        assignment=assignment, choices=", ".join(UI_LANGUAGE_SETTINGS)
                    )
                )
        else:
            others.append(assignment)
    return setting, tuple(others)


_EXAMPLES = """\b
quiz-app settings
quiz-app settings otan-ue
quiz-app settings otan-ue new_per_day=30 desired_retention=0.85
quiz-app settings - learning_steps=1m,10m,1h
quiz-app settings otan-ue --reset
quiz-app settings ui_language=fr"""


@main.command(
    "settings",
    help="\n\n".join(
        [
            _(
                "Show or change study settings: the global ones (no DECK, or -), or DECK's own; "
                "and the interface language, ui_language: auto (the system's: LC_ALL, "
                "LC_MESSAGES, LANG), fr or en."
            ),
            _EXAMPLES,
            _(
                "Allowed: retention 0.7 to 0.99, steps 1m to 365d each (none: no steps), a "
                "maximum interval of 1 to 36500 days, day_start_hour 0 to 23, limits from 0."
            ),
            _(
                "Defaults are Anki's: retention 0.90, steps 1m,10m, relearning 10m, 20 new and "
                "200 reviews a day, the day starting at 4 am, a leech at 8 lapses."
            ),
        ]
    ),
)
@click.argument("deck", required=False, metavar=_("[DECK]"))
@click.argument("assignments", nargs=-1, metavar=_("[NAME=VALUE]..."))
@click.option("--reset", is_flag=True, help=_("Make DECK follow the global settings again."))
@pass_context
def settings_command(
    context: CliContext, deck: str | None, assignments: tuple[str, ...], reset: bool
) -> None:
    if deck is not None and "=" in deck:  # `quiz-app settings new_per_day=30`: the global ones
        assignments = (deck, *assignments)
        deck = None
    ui_language, assignments = _ui_language(assignments)
    if ui_language is not None:
        save_ui_language(context.home, ui_language)
    deck_id = None if deck in (None, "-") else deck
    if deck_id is not None and discover(context.home).find(deck_id) is None:
        raise click.BadParameter(
            _("no deck with id {deck!r} (see `quiz-app decks`)").format(deck=deck_id),
            param_hint="DECK",
        )
    if reset and (deck_id is None or assignments):
        raise click.UsageError(_("--reset takes a deck and no NAME=VALUE"))
    changes = _changes(assignments)
    with ProgressStore.for_home(context.home) as store:
        if reset:
            assert deck_id is not None  # --reset without a deck is refused above
            store.clear_settings(deck_id)
        elif changes:
            try:
                store.set_settings(deck_id, replace(store.get_settings(deck_id), **changes))
            except ValueError as error:
                raise click.BadParameter(str(error)) from None
        own = deck_id is not None and store.deck_has_own_settings(deck_id)
        if deck_id is None:
            scope = _("global settings")
        elif own:
            scope = _("{deck}: its own settings").format(deck=deck_id)
        else:
            scope = _("{deck}: the global settings").format(deck=deck_id)
        click.echo(scope)
        for line in _describe(store.get_settings(deck_id)):
            click.echo(f"  {line}")
    if deck_id is None:  # a preference of the learner, shown with the global settings
        click.echo(f"  {UI_LANGUAGE:<18} = {load_ui_language(context.home)}")
