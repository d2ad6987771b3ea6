"""`quiz-app import` and `quiz-app export --format apkg`: Anki both ways.

The work is done in `quiz_app.anki`; this module reads the command line, talks to the
progress store and prints. Every message the learner sees is in `MESSAGES`.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quiz_app.cli import CliContext, main, pass_context
from quiz_app.i18n import N_, _
from quiz_app.scheduling import from_seconds

if TYPE_CHECKING:
    from quiz_app.anki.convert import ImportedCard
    from quiz_app.anki.reader import Collection
    from quiz_app.model import Deck
    from quiz_app.store import ProgressStore

MESSAGES = {
    "exists": N_("{path} exists; pass --force to replace it"),
    "written": N_("deck {deck} written to {path}"),
    "exported": N_(
        "{decks} decks, {notes} notes, {cards} cards, {reviews} reviews written to {path}"
    ),
    "reviews": N_("{count} reviews imported into the progress store"),
    "reviews-twice": N_(
        "deck {deck} already has reviews in the progress store; "
        "its Anki reviews are not imported twice"
    ),
    "no-deck": N_("no deck {name!r} (see `quiz-app decks`)"),
    "cannot-write": N_("cannot write {path}: {error}"),
    "unknown-kind": N_("{path}: quiz-app imports .apkg, .colpkg, .csv, .tsv and .txt files"),
    "columns-anki": N_("--columns is for CSV/TSV files"),
    "progress-tables": N_("--with-progress is for Anki packages: a table has no review log"),
}
PACKAGES = (".apkg", ".colpkg")
TABLES = (".csv", ".tsv", ".tab", ".txt")


def _message(key: str, **values: object) -> str:
    return _(MESSAGES[key]).format(**values)


@main.command(
    "import",
    help=_(
        "Make a deck from an Anki package (.apkg, .colpkg) or a CSV/TSV table.\n\n"
        '\b\nAnki: basic notes become cards, "basic and reversed" notes reversed cards, '
        "cloze notes cloze items; other note types give their first two fields. HTML becomes "
        "text; media files are listed, not imported.\n"
        "CSV/TSV: one card per row, `front,back[,tags]`, with a header row or --columns.\n\n"
        "The deck is checked as `quiz-app validate` would before it is written; a summary "
        "says how many notes and cards it holds and what was left out."
    ),
)
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar=_("FILE")
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_("The deck file to write [default: HOME/decks/DECK-ID.yaml]."),
)
@click.option(
    "--deck-id",
    metavar=_("TEXT"),
    help=_("The new deck's id [default: from the Anki deck or file name]."),
)
@click.option(
    "--title", metavar=_("TEXT"), help=_("The new deck's title [default: the Anki deck's name].")
)
@click.option(
    "--language",
    type=click.Choice(["fr", "en"]),
    default="en",
    show_default=True,
    help=_("The language of the prompts quiz-app writes."),
)
@click.option(
    "--columns",
    metavar=_("TEXT"),
    help=_("CSV/TSV: the FRONT,BACK[,TAGS] columns, as header names or 1-based numbers."),
)
@click.option(
    "--with-progress",
    is_flag=True,
    help=_("Also import the Anki review log, so that scheduling carries on."),
)
@click.option("--force", is_flag=True, help=_("Replace the output file if it exists."))
@pass_context
def import_command(
    context: CliContext,
    file: Path,
    output: Path | None,
    deck_id: str | None,
    title: str | None,
    language: str,
    columns: str | None,
    with_progress: bool,
    force: bool,
) -> None:
    from quiz_app.anki import AnkiError
    from quiz_app.anki.convert import (
        DeckBuilder,
        add_collection,
        checked_deck,
        collection_title,
        slug,
    )
    from quiz_app.paths import user_decks_dir
    from quiz_app.store import ProgressStore

    suffix = file.suffix.lower()
    if suffix not in PACKAGES + TABLES:
        raise click.ClickException(_message("unknown-kind", path=file))
    if with_progress and suffix not in PACKAGES:
        raise click.UsageError(_message("progress-tables"))
    builder, collection, mapped = DeckBuilder(), None, {}
    try:
        if suffix in PACKAGES:
            from quiz_app.anki.reader import read_package

            if columns:
                raise click.UsageError(_message("columns-anki"))
            collection = read_package(file)
            mapped = add_collection(builder, collection)
            title = title or collection_title(collection, file.stem)
        else:
            from quiz_app.anki.table import add_table

            add_table(builder, file, columns)
            title = title or file.stem
        deck_id = deck_id or slug(title) or "imported"
        output = output or user_decks_dir(context.home) / f"{deck_id}.yaml"
        data = builder.deck_data(deck_id, title, language, f"Imported from {file.name}")
        text, deck = checked_deck(data, output)
    except AnkiError as error:
        raise click.ClickException(str(error)) from None
    if output.exists() and not force:
        raise click.ClickException(_message("exists", path=output))
    summary = builder.summary
    # With progress, the store is checked before anything is written.
    with ProgressStore.for_home(context.home) if with_progress else nullcontext() as store:
        if store is not None and store.has_reviews(
            from_seconds(0), datetime(9999, 1, 1, tzinfo=UTC), deck.id
        ):
            raise click.ClickException(_message("reviews-twice", deck=deck.id))
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise click.ClickException(
                _message("cannot-write", path=output, error=error.strerror)
            ) from error
        if store is not None and collection is not None:
            summary.reviews = _import_reviews(store, deck, collection, mapped)
    click.echo(_message("written", deck=deck.id, path=output))
    for line in summary.lines():
        click.echo(f"  {line}")
    if with_progress:
        click.echo(f"  {_message('reviews', count=summary.reviews)}")


def _import_reviews(
    store: ProgressStore, deck: Deck, collection: Collection, mapped: dict[int, ImportedCard]
) -> int:
    """Replay the Anki review log through the scheduler, oldest first, so that every
    imported card has quiz-app's FSRS state and history. Manual reschedules (no grade)
    and reviews of cards that were not imported are left out."""
    from quiz_app.generator import study_cards

    store.sync_deck(deck.id, [card.id for card in study_cards(deck)])
    count = 0
    for review in collection.reviews:
        target = mapped.get(review.card_id)
        if target is None or not 1 <= review.ease <= 4 or review.type > 3:
            continue
        store.record_review(
            f"{deck.id}/{target.item_id}#{target.kind}",
            deck.id,
            review.ease,
            from_seconds(review.id // 1000),
            duration_ms=max(0, review.time_ms) or None,
        )
        count += 1
    return count


def export_apkg(
    context: CliContext, names: tuple[str, ...], output: Path | None, with_progress: bool
) -> None:
    """`quiz-app export --format apkg`: the named decks (or all) as one Anki package."""
    from quiz_app import stats as figures
    from quiz_app.anki import AnkiError
    from quiz_app.anki.writer import Progress, write_package
    from quiz_app.library import discover, resolve_deck
    from quiz_app.scheduling import utc_now
    from quiz_app.store import CardRecord

    if output is None:
        raise click.UsageError("--format apkg needs -o FILE.apkg")
    library = discover(context.home)
    decks = []
    for name in names:
        found, problems = resolve_deck(name, context.home, library)
        if found is None:
            raise click.ClickException("; ".join(p.message for p in problems))
        decks.append(found)
    decks = decks or library.decks
    progress = None
    if with_progress:
        with figures.open_store(context.home) as store:
            records: dict[str, CardRecord] = {}
            reviews: dict[str, list] = {}
            for deck in decks:
                records |= store.card_states(deck.id)
                for review in store.reviews(deck_id=deck.id):
                    reviews.setdefault(review.card_id, []).append(review)
            retention = store.get_settings(decks[0].id).desired_retention if decks else 0.9
        progress = Progress(
            states={card_id: record.state for card_id, record in records.items()},
            counts={card_id: (r.reps, r.lapses) for card_id, r in records.items()},
            reviews=reviews,
            desired_retention=retention,
        )
    try:
        summary = write_package(decks, output, utc_now(), progress)
    except AnkiError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _message(
            "exported",
            decks=summary.decks,
            notes=summary.notes,
            cards=summary.cards,
            reviews=summary.reviews,
            path=output,
        ),
        err=True,
    )
