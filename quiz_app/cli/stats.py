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
from quiz_app.library import Library, discover, resolve_deck
from quiz_app.model import Deck
from quiz_app.numbers import count, duration, percent, sparkline
from quiz_app.scheduling import utc_now as now  # the clock (tests replace it)
from quiz_app.stats import Stats


@main.command("stats")
@click.argument("deck", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@pass_context
def stats_command(context: CliContext, deck: str | None, as_json: bool) -> None:
    """Progress figures for DECK, or for all decks.

    Today's answers, streak, 30-day retention, reviews per day, due forecast,
    cards by state, weakest tags, leeches and quiz scores. DECK is a deck id or
    a deck file.
    """
    library = discover(context.home)
    decks = library.decks
    with figures.open_store(context.home) as store:
        deck_id = None
        if deck is not None:
            deck_id = _deck_id(deck, context, library, decks, store.deck_names())
        result = figures.deck_stats(store, decks, now(), deck_id)
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
    """The figures as plain text, 80 columns wide."""
    today = result.today
    scope = titles.get(result.deck_id, result.deck_id) if result.deck_id else "All decks"
    retention = result.retention_30d
    cards = result.cards
    lines = [
        f"{scope} — {result.day.isoformat()}",
        "",
        f"Today       {today.reviewed} reviewed · {today.new} new · "
        f"Again {percent(today.again_rate)} · {duration(today.time_ms)}",
        f"Streak      {count(result.streak_days, 'day')}",
        f"Retention   {percent(retention.rate)} over 30 days "
        f"({retention.reviews} answers to review cards)",
        f"Cards       {cards.new} new · {cards.learning} learning · "
        f"{cards.review} review · {cards.relearning} relearning",
        f"Due now     {result.due_now} · new cards left today {result.new_available}",
        f"Totals      {count(result.reviews_total, 'review')} · {count(result.quizzes_total, 'quiz', 'quizzes')}",
        f"FSRS        {result.fsrs_summary}",
    ]
    per_day = [d.count for d in result.reviews_per_day]
    lines += [
        "",
        f"Reviews per day, last 30 days (most {max(per_day, default=0)})",
        f"  {sparkline(per_day, zero='·')}",
        f"  {result.reviews_per_day[0].day:%m-%d}{'':{len(per_day) - 10}}{result.reviews_per_day[-1].day:%m-%d}",
    ]
    lines += ["", "Due in the next 14 days (today first)"]
    lines.append("  " + " ".join(f"{d.count:>3}" for d in result.due_forecast))
    lines.append("  " + " ".join(f"{d.day:%d}".rjust(3) for d in result.due_forecast))
    if result.weakest_tags:
        lines += ["", "Weakest tags"]
        lines += [
            f"  {t.tag:<28} {percent(t.accuracy):>4}  ({t.again} Again in {t.reviews})"
            for t in result.weakest_tags
        ]
    if result.leeches:
        lines += ["", "Leeches"]
        lines += [
            f"  {leech.card_id}  ({count(leech.lapses, 'lapse')})" for leech in result.leeches
        ]
    if result.quiz_scores:
        lines += ["", "Quiz scores (oldest to newest)"]
        lines += [
            f"  {q.deck_id:<20} {sparkline(q.scores[-20:], top=1.0, zero='▁'):<20} "
            f"best {percent(q.best)} · last {percent(q.last)} · {len(q.scores)} quizzes"
            for q in result.quiz_scores
        ]
    if result.by_deck:
        lines += ["", "By deck"]
        lines += [
            f"  {deck:<20} {s.today.reviewed:>4} today · {s.due_now:>4} due · {s.new_available:>4} new · "
            f"retention {percent(s.retention_30d.rate)}"
            for deck, s in result.by_deck.items()
        ]
    return "\n".join(lines)


@main.command("export")
@click.argument("decks", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "apkg"]),
    default="csv",
    show_default=True,
    help="csv: one table, with a `type` column (review or quiz_answer). json: one object of two lists. "
    "apkg: the DECKS (or every deck) as an Anki package.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output (a CSV file starts with a UTF-8 BOM, for spreadsheets).",
)
@click.option(
    "--with-progress",
    is_flag=True,
    help="apkg: add the review log and FSRS state, so that Anki carries on with the schedule.",
)
@pass_context
def export_command(
    context: CliContext, decks: tuple[str, ...], fmt: str, output: Path | None, with_progress: bool
) -> None:
    """Export every review and quiz answer, as CSV or JSON; or decks as an Anki package.

    Each row has its card (or question) id, deck, prompt and time (ISO 8601, UTC).
    `--format apkg -o FILE.apkg [DECKS…]` writes one Anki note per item; exporting
    again updates the notes in Anki rather than adding copies.
    """
    if fmt == "apkg":
        from quiz_app.cli.anki import export_apkg

        export_apkg(context, decks, output, with_progress)
        return
    if decks or with_progress:
        raise click.UsageError("DECKS and --with-progress are for --format apkg")
    with figures.open_store(context.home) as store:
        rows = export.export_rows(store, discover(context.home).decks)
    write = export.write_csv if fmt == "csv" else export.write_json
    if output is None:
        write(rows, sys.stdout)
        return
    try:
        # The BOM lets spreadsheet programs recognise UTF-8 (accented prompts).
        with output.open("w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as out:
            write(rows, out)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror}") from error
    click.echo(f"{len(rows)} rows written to {output}", err=True)
