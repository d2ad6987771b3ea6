"""`quiz-app stats` and `quiz-app export`: the figures of `quiz_app.stats` as text, JSON or CSV.

Neither command creates the progress database: with none yet, stats are zeros
and an export is empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quiz_app import export
from quiz_app import stats as figures
from quiz_app.cli import CliContext, main, pass_context
from quiz_app.i18n import _, active, counted
from quiz_app.library import Library, discover, resolve_deck
from quiz_app.model import Deck
from quiz_app.numbers import duration, percent, sparkline
from quiz_app.scheduling import utc_now as now  # the clock (tests replace it)
from quiz_app.stats import Stats


@main.command(
    "stats",
    help=_(
        "Progress figures for DECK, or for all decks.\n\n"
        "Today's answers, streak, 30-day retention, reviews per day, due forecast, cards by "
        "state, weakest tags, leeches and quiz scores. DECK is a deck id or a deck file."
    ),
)
@click.argument("deck", required=False, metavar=_("[DECK]"))
@click.option("--json", "as_json", is_flag=True, help=_("Print one JSON object instead of text."))
@pass_context
def stats_command(context: CliContext, deck: str | None, as_json: bool) -> None:
    library = discover(context.home)
    decks = library.decks
    with figures.open_store(context.home) as store:
        deck_id = None
        if deck is not None:
            deck_id = _deck_id(deck, context, library, decks, store.deck_names())
        card_ids = {entry.id: entry.card_ids for entry in library.entries}
        result = figures.deck_stats(store, decks, now(), deck_id, card_ids)
    titles = {d.id: d.title for d in decks}
    click.echo(result.to_json() if as_json else format_text(result, titles))


def _deck_id(
    name: str, context: CliContext, library: Library, decks: list[Deck], stored: list[str]
) -> str:
    """The deck named on the command line; a deck known only to the store (its file
    gone) still has its history to show."""
    if name in stored and library.find(name) is None:
        return name
    found, problems = resolve_deck(name, context.home, library)
    if found is None:
        raise click.ClickException("; ".join(p.message for p in problems))
    if library.find(found.id) is None:
        decks.append(found)
    return found.id


def format_text(result: Stats, titles: dict[str, str]) -> str:
    """The figures as plain text, 80 columns wide, in the interface language."""
    language = active()
    number = language.number
    today = result.today
    scope = titles.get(result.deck_id, result.deck_id) if result.deck_id else _("All decks")
    retention = result.retention_30d
    cards = result.cards
    rows = [
        (
            _("Today"),
            " · ".join(
                [
                    counted("{n} reviewed", "{n} reviewed", today.reviewed),
                    counted("{n} new", "{n} new", today.new),
                    _("Again {share}").format(share=percent(today.again_rate)),
                    duration(today.time_ms),
                ]
            ),
        ),
        (_("Streak"), counted("{n} day", "{n} days", result.streak_days)),
        (
            _("Retention"),
            counted(
                "{share} over 30 days ({n} answer to review cards)",
                "{share} over 30 days ({n} answers to review cards)",
                retention.reviews,
                share=percent(retention.rate),
            ),
        ),
        (
            _("Cards"),
            _("{new} new · {learning} learning · {review} review · {relearning} relearning").format(
                new=number(cards.new),
                learning=number(cards.learning),
                review=number(cards.review),
                relearning=number(cards.relearning),
            ),
        ),
        (
            _("Due now"),
            _("{due} · new cards left today {new}").format(
                due=number(result.due), new=number(result.new_available)
            ),
        ),
        (
            _("Totals"),
            counted("{n} review", "{n} reviews", result.reviews_total)
            + " · "
            + counted("{n} quiz finished", "{n} quizzes finished", result.quizzes_total)
            + (
                " · " + counted("{n} left part-way", "{n} left part-way", result.quizzes_left)
                if result.quizzes_left
                else ""
            ),
        ),
        (_("FSRS"), result.fsrs_summary),
    ]
    width = max(len(label) for label, _value in rows) + 3
    lines = [f"{scope} — {language.date(result.day)}", ""]
    lines += [f"{label:<{width}}{value}" for label, value in rows]
    per_day = [d.count for d in result.reviews_per_day]
    first, last = (language.short_date(result.reviews_per_day[i].day) for i in (0, -1))
    lines += [
        "",
        _("Reviews per day, last 30 days (most {n})").format(n=number(max(per_day, default=0))),
        f"  {sparkline(per_day, zero='·')}",
        f"  {first}{'':{len(per_day) - len(first) - len(last)}}{last}",
    ]
    lines += ["", _("Due in the next 14 days (today first)")]
    lines.append("  " + " ".join(f"{d.count:>3}" for d in result.due_forecast))
    lines.append("  " + " ".join(f"{d.day:%d}".rjust(3) for d in result.due_forecast))
    if result.weakest_tags:
        lines += ["", _("Weakest tags")]
        lines += [
            f"  {t.tag:<28} {percent(t.accuracy):>4}  ("
            + counted(
                "{again} Again in {n} review",
                "{again} Again in {n} reviews",
                t.reviews,
                again=t.again,
            )
            + ")"
            for t in result.weakest_tags
        ]
    if result.leeches:
        lines += ["", _("Leeches")]
        lines += [
            f"  {leech.card_id}  ({counted('{n} lapse', '{n} lapses', leech.lapses)})"
            for leech in result.leeches
        ]
    if result.quiz_scores:
        lines += ["", _("Quiz scores (oldest to newest)")]
        lines += [
            f"  {q.deck_id:<20} {sparkline(q.scores[-20:], top=1.0, zero='▁'):<20} "
            + _("best {best} · last {last}").format(best=percent(q.best), last=percent(q.last))
            + " · "
            + counted("{n} quiz", "{n} quizzes", len(q.scores))
            for q in result.quiz_scores
        ]
    removed = result.removed
    if removed.decks:
        lines += [
            "",
            _("Removed decks, not counted above: {decks}").format(decks=", ".join(removed.decks)),
            "  " + removed.summary,
        ]
    if result.by_deck:
        lines += ["", _("By deck")]
        lines += [
            f"  {deck:<20} "
            + _("{today} today · {due} due · {new} new · retention {retention}").format(
                today=f"{s.today.reviewed:>4}",
                due=f"{s.due:>4}",
                new=f"{s.new_available:>4}",
                retention=percent(s.retention_30d.rate),
            )
            for deck, s in result.by_deck.items()
        ]
    return "\n".join(lines)


@main.command(
    "export",
    help=_(
        "Export every review and quiz answer, as CSV or JSON; or decks as an Anki package.\n\n"
        "Each row has its card (or question) id, deck, prompt and time (ISO 8601, UTC). "
        "`--format apkg -o FILE.apkg [DECKS…]` writes one Anki note per item; exporting "
        "again updates the notes in Anki rather than adding copies."
    ),
)
@click.argument("decks", nargs=-1, metavar=_("[DECKS]..."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "apkg"]),
    default="csv",
    show_default=True,
    help=_(
        "csv: one table, with a `type` column (review or quiz_answer). "
        "json: one object of two lists. apkg: the DECKS (or every deck) as an Anki package."
    ),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help=_(
        "Write to this file instead of standard output "
        "(a CSV file starts with a UTF-8 BOM, for spreadsheets)."
    ),
)
@click.option(
    "--with-progress",
    is_flag=True,
    help=_("apkg: add the review log and FSRS state, so that Anki carries on with the schedule."),
)
@pass_context
def export_command(
    context: CliContext, decks: tuple[str, ...], fmt: str, output: Path | None, with_progress: bool
) -> None:
    if output is not None:
        library = discover(context.home)
        if reason := export.refused_target(output, context.home, library.decks):
            raise click.ClickException(
                _("will not write over {path}: {reason}; name another file").format(
                    path=output, reason=reason
                )
            )
    if fmt == "apkg":
        from quiz_app.cli.anki import export_apkg

        export_apkg(context, decks, output, with_progress)
        return
    if decks or with_progress:
        raise click.UsageError(_("DECKS and --with-progress are for --format apkg"))
    with figures.open_store(context.home) as store:
        rows = export.export_rows(store, discover(context.home).decks)
    write = export.write_csv if fmt == "csv" else export.write_json
    if output is None:
        write(rows, sys.stdout)
        return
    try:
        # The BOM lets spreadsheet programs recognise UTF-8 (accented prompts).
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        export.write_atomically(output, lambda out: write(rows, out), encoding)
    except OSError as error:
        raise click.ClickException(
            _("cannot write {path}: {reason}").format(path=output, reason=error.strerror)
        ) from error
    click.echo(
        counted("{n} row written to {path}", "{n} rows written to {path}", len(rows), path=output),
        err=True,
    )
