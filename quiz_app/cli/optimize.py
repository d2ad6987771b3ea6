"""`quiz-app optimize`: fit the FSRS parameters to the learner's own reviews."""

from __future__ import annotations

from dataclasses import replace

import click

from quiz_app.cli import CliContext, main, pass_context
from quiz_app.i18n import N_, _

MESSAGES = {
    "no-deck": N_("no deck with id {deck!r} (see `quiz-app decks`)"),
    "history": N_("{reviews} reviews of {cards} cards ({scope}), days starting at {hour}:00"),
    "saved": N_("saved: {scope} now schedules with the fitted parameters"),
    "not-saved": N_("not saved: the fitted parameters do not predict these reviews better"),
    "reset": N_("{scope} schedules with FSRS's default parameters again"),
    "follows-global": N_(
        "{deck} has no settings of its own, so no parameters to reset; "
        "`quiz-app optimize --reset` resets the global ones"
    ),
}


@main.command(
    "optimize",
    help=_(
        "Fit the FSRS parameters to your reviews: of DECK (saved as its own), or of all decks "
        "(saved globally).\n\n"
        "Needs at least 400 reviews of 100 cards. Prints the log loss and RMSE of the "
        "defaults and of the fitted parameters on the same reviews, and saves the fitted "
        "ones only when they predict better. `quiz-app settings [DECK]` shows the "
        "parameters in use."
    ),
)
@click.argument("deck", required=False, metavar=_("[DECK]"))
@click.option("--reset", is_flag=True, help=_("Go back to FSRS's default parameters."))
@pass_context
def optimize_command(context: CliContext, deck: str | None, reset: bool) -> None:
    from quiz_app import optimize
    from quiz_app.cli.settings import describe_parameters
    from quiz_app.library import discover
    from quiz_app.scheduling import study_day, utc_now
    from quiz_app.store import ProgressStore

    with ProgressStore.for_home(context.home) as store:
        known = deck is None or deck in store.deck_names() or discover(context.home).find(deck)
        if not known:
            raise click.BadParameter(_(MESSAGES["no-deck"]).format(deck=deck), param_hint="DECK")
        scope = deck or _("all decks")
        settings = store.get_settings(deck)
        if reset:
            if deck is not None and not store.deck_has_own_settings(deck):
                click.echo(_(MESSAGES["follows-global"]).format(deck=deck))
                return
            store.set_settings(deck, replace(settings, fsrs_parameters=(), fsrs_fit=None))
            click.echo(_(MESSAGES["reset"]).format(scope=scope))
            return
        reviews = [
            optimize.Review(r.card_id, int(r.rating), r.reviewed_at)
            for r in store.reviews(deck_id=deck)
        ]
        hour = settings.day_start_hour
        today = study_day(utc_now(), hour, store.tz).isoformat()
        try:
            outcome = optimize.fit(reviews, today, settings.fsrs_parameters, hour, store.tz)
        except optimize.NotEnoughReviews as error:
            raise click.ClickException(str(error)) from None
        fit = outcome.fit
        click.echo(
            _(MESSAGES["history"]).format(
                reviews=fit.reviews, cards=fit.cards, scope=scope, hour=hour
            )
        )
        rows = [(_("defaults"), fit.default_log_loss, f"{fit.default_rmse:.2%}")]
        if settings.fsrs_parameters:
            rows.append((_("in use"), outcome.current_log_loss, ""))
        rows.append((_("fitted"), fit.log_loss, f"{fit.rmse:.2%}"))
        # the labels in the interface language, as wide as the widest
        loss = _("log loss")
        width, loss_width = max(len(label) for label, *_values in rows), max(9, len(loss))
        click.echo(f"  {'':<{width}} {loss:>{loss_width}} {'RMSE':>8}")
        for label, log_loss, rmse in rows:
            click.echo(f"  {label:<{width}} {log_loss:>{loss_width}.4f} {rmse:>8}".rstrip())
        if not outcome.better:
            click.echo(_(MESSAGES["not-saved"]))
            return
        saved = replace(settings, fsrs_parameters=outcome.parameters, fsrs_fit=fit)
        store.set_settings(deck, saved)
        click.echo(_(MESSAGES["saved"]).format(scope=scope))
        for line in describe_parameters(saved):
            click.echo(f"  {line}")
