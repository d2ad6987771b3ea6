"""`quiz-app preview` and `quiz-app quiz`: a deck's cards and a sample quiz, and the
line-by-line quiz on stdin/stdout (for scripts and screen readers).

Nothing here imports textual: `quiz` without `--plain` hands over to the app lazily.
"""

from __future__ import annotations

import io
import json
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from quiz_app.checker import LETTERS, expected_answer, parse_response
from quiz_app.cli import (
    CliContext,
    check_progress_database,
    check_tags,
    main,
    pass_context,
    tag_option,
)
from quiz_app.cli.backups import back_up_after
from quiz_app.generator import StudyCard, make_quiz, study_cards
from quiz_app.i18n import N_, _, counted
from quiz_app.library import resolve_deck
from quiz_app.loader import errors
from quiz_app.model import Deck
from quiz_app.questions import AnswerForm, Question
from quiz_app.scheduling import utc_now as now  # the clock (tests replace it)
from quiz_app.sessions import QuizSession, SaveError
from quiz_app.store import ProgressStore, StoreError
from quiz_app.vocab import Verdict

MAX_SEED = 1_000_000

# The plain quiz's own words are interface text: they speak the interface language. The
# questions and the checker's feedback speak the deck's.
_HINTS = {
    "choice": N_("Answer with a letter (a-{last}) or a number (1-{count})."),
    "true-false": N_("Answer t (true) or f (false)."),
    "order": N_("Give the numbers in chronological order, e.g. “3 1 4 2”."),
    "typed-year": N_("Type the year."),
    "typed-number": N_("Type the number."),
    "typed-text": N_("Type your answer."),
}


def _load(name: str, home: Path, tags: tuple[str, ...] = ()) -> Deck:
    """The deck named, with only the items of `tags` when some are given."""
    deck, problems = resolve_deck(name, home)
    for problem in problems:
        click.echo(problem.report(), err=True)
    if deck is None or errors(problems):
        raise SystemExit(1)
    if tags:
        check_tags([deck], tags)
        return deck.tagged(tags)
    return deck


def _seed_option(help_text: str) -> Callable:
    return click.option("--seed", type=int, default=None, metavar=_("INTEGER"), help=help_text)


def _at_least_one(_context: click.Context, _param: click.Parameter, count: int) -> int:
    # not click.IntRange: its "[x>=1]" in the help is no word of any language
    if count < 1:
        raise click.BadParameter(_("ask for 1 question or more, not {count}.").format(count=count))
    return count


def _count_option() -> Callable:
    return click.option(
        "-n",
        "count",
        type=int,
        default=10,
        callback=_at_least_one,
        metavar="N",
        help=_("Number of questions, 1 or more [default: 10]."),
    )


# --- preview -------------------------------------------------------------------------


def card_record(card: StudyCard) -> dict:
    return {
        "type": "card",
        "id": card.id,
        "kind": card.kind,
        "prompt": card.prompt,
        "choices": None,
        "answer": card.answer,
        "source": card.source,
        "note": card.note,
    }


def question_record(question: Question) -> dict:
    return {
        "type": "question",
        "id": question.id,
        "kind": question.kind,
        "prompt": question.prompt,
        "choices": list(question.choices) if question.choices is not None else None,
        "answer": list(question.answer) if isinstance(question.answer, tuple) else question.answer,
        "source": question.source,
        "note": question.note,
    }


def choice_lines(question: Question) -> list[str]:
    """Choices as shown: lettered for multiple choice, numbered for ordering."""
    if not question.choices:
        return []
    if question.form is AnswerForm.ORDER:
        return [f"  {index + 1}. {choice}" for index, choice in enumerate(question.choices)]
    return [f"  {LETTERS[index]}) {choice}" for index, choice in enumerate(question.choices)]


@main.command(
    help=_("Print every card DECK yields, then a sample quiz (DECK: a file or a deck id).")
)
@click.argument("deck", metavar=_("DECK"))
@click.option("--json", "as_json", is_flag=True, help=_("Print one JSON object per line."))
@_seed_option(_("Seed of the sample quiz [default: 0]."))
@_count_option()
@tag_option()
@pass_context
def preview(
    context: CliContext,
    deck: str,
    as_json: bool,
    seed: int | None,
    count: int,
    tags: tuple[str, ...],
) -> None:
    loaded = _load(deck, context.home, tags)
    seed = 0 if seed is None else seed
    cards, questions = study_cards(loaded), make_quiz(loaded, count, seed)
    if as_json:
        for record in [card_record(card) for card in cards] + [
            question_record(q) for q in questions
        ]:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    click.echo(
        counted(
            "{title} ({deck}, {language}): {n} card",
            "{title} ({deck}, {language}): {n} cards",
            len(cards),
            title=loaded.title,
            deck=loaded.id,
            language=loaded.language,
        )
    )
    for card in cards:
        click.echo(f"\n{card.id}\n  Q: {card.prompt}\n  A: {card.answer}")
        if card.note:
            click.echo("  " + _("Note: {note}").format(note=card.note))
    click.echo(
        "\n"
        + counted(
            "Sample quiz: {n} question, seed {seed}",
            "Sample quiz: {n} questions, seed {seed}",
            len(questions),
            seed=seed,
        )
    )
    for number, question in enumerate(questions, start=1):
        click.echo(f"\n{number}. [{question.kind}] {question.id}\n  {question.prompt}")
        for line in choice_lines(question):
            click.echo(f"  {line}")
        click.echo("  " + _("Answer: {answer}").format(answer=expected_answer(question)))
        if question.note:
            click.echo("  " + _("Note: {note}").format(note=question.note))


# --- quiz ----------------------------------------------------------------------------


def _hint(question: Question) -> str:
    if question.form is AnswerForm.CHOICE:
        count = len(question.choices or ())
        return _(_HINTS["choice"]).format(last=LETTERS[count - 1], count=count)
    return _(_HINTS.get(question.kind, _HINTS["typed-text"]))


def run_plain_quiz(
    session: QuizSession,
    seed: int,
    read_line: Callable[[], str],
    echo: Callable[[str], None],
    warn: Callable[[str], None],
) -> None:
    """Ask each question on `echo`, read answers with `read_line` ('' at end of input).

    Each answer is saved as it is given; a refused write is reported on `warn` and
    tried again with the next answer."""
    deck, questions = session.deck, session.questions
    echo(
        counted(
            "{title}: {n} question (seed {seed}; replay this quiz with --seed {seed})",
            "{title}: {n} questions (seed {seed}; replay this quiz with --seed {seed})",
            len(questions),
            title=deck.title,
            seed=seed,
        )
    )
    echo(_("An empty answer means “I don't know”."))  # as in the app; said once, here
    for number, question in enumerate(questions, start=1):
        echo("\n" + _("Question {number}/{total}").format(number=number, total=len(questions)))
        echo(question.prompt)
        for line in choice_lines(question):
            echo(line)
        echo(_hint(question))
        started = time.monotonic()
        given = None
        for attempt in range(2):
            echo("> ")
            line = read_line()
            if line == "":
                given = None
                break
            given = line.rstrip("\r\n")
            if not given.strip():  # "I don't know", at once, as in the app: wrong
                given = ""
                break
            if parse_response(question, given) is not None:
                break
            if attempt == 0:
                echo(_("Answer not understood, please try again."))
        if given is None:  # end of input
            answered = len(session.results)
            stopped = counted(
                "Quiz stopped after {answered} of {n} question.",
                "Quiz stopped after {answered} of {n} questions.",
                len(questions),
                answered=answered,
            )
            echo("\n" + stopped)
            break
        duration_ms = int((time.monotonic() - started) * 1000)
        try:
            result = session.answer(question, given, given[:1000], duration_ms)
        except SaveError as error:
            warn(_("warning: {error}").format(error=error))
            result = session.results[question.id]
        check = result.check
        echo(check.message)
        if check.verdict is Verdict.CORRECT:
            echo(_("Answer: {answer}").format(answer=check.expected))
        if question.source:
            echo(_("Source: “{source}”").format(source=question.source))
        if question.note:
            echo(_("Note: {note}").format(note=question.note))
    lost = finish(session, warn, read_line)
    score = _("Score: {right}/{answered}").format(
        right=session.score, answered=len(session.results)
    )
    if session.typos:
        score += " " + counted("({n} with a typo)", "({n} with a typo)", session.typos)
    echo("\n" + score)
    if lost:
        raise click.ClickException(lost)


def finish(
    session: QuizSession, warn: Callable[[str], None], read_line: Callable[[], str] | None
) -> str | None:
    """Save what is left and the score; say what could not be saved. While answers are
    still not saved, ask with `read_line` whether to try again (r) or to quit without
    them (anything else, or the end of input; without `read_line`, at once). Returns what
    to say of the answers lost, if any."""
    while True:
        try:
            session.finish()
            return None
        except SaveError as error:
            if not session.unsaved:  # every answer is saved: only the score is not
                warn(_("warning: {error}").format(error=error))
                return None
            warn(
                counted(
                    "{n} answer is not saved yet ({reason}).",
                    "{n} answers are not saved yet ({reason}).",
                    session.unsaved,
                    reason=error.reason,
                )
            )
            if read_line is None:
                break
            warn(
                counted(
                    "Type r then Enter to try again, or q to quit without it.",
                    "Type r then Enter to try again, or q to quit without them.",
                    session.unsaved,
                )
            )
            if read_line().strip().casefold() != "r":
                break
    return counted(
        "{n} answer was not saved and is lost.",
        "{n} answers were not saved and are lost.",
        session.unsaved,
    )


@main.command(help=_("Take a quiz on DECK (a file or a deck id)."))
@click.argument("deck", required=False, metavar=_("[DECK]"))
@click.option(
    "--plain",
    is_flag=True,
    help=_("Line-by-line quiz on stdin/stdout, without the full-screen app."),
)
@_seed_option(
    _("Seed of the quiz: the same seed asks the same questions as `preview` [default: random].")
)
@_count_option()
@tag_option()
@pass_context
def quiz(
    context: CliContext,
    deck: str | None,
    plain: bool,
    seed: int | None,
    count: int,
    tags: tuple[str, ...],
) -> None:
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    if not plain:
        from quiz_app.cli.app import open_app

        open_app(context, screen="quiz", deck=deck, n=count, seed=seed, tags=tags)
        return
    if deck is None:
        raise click.UsageError(
            _("--plain needs a DECK: a deck file or a deck id (see `quiz-app decks`).")
        )
    loaded = _load(deck, context.home, tags)
    check_progress_database(context, context.move_corrupt_aside)  # once the deck is known
    questions = make_quiz(loaded, count, seed)
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        raise click.ClickException(_("there is no input to read answers from (stdin is closed)"))
    interactive = stdin.isatty()
    if isinstance(stdin, io.TextIOWrapper):  # bytes that are not UTF-8: kept, then said
        stdin.reconfigure(errors="surrogateescape")

    def read_line() -> str:
        line = stdin.readline()
        if not interactive:
            click.echo("")  # the answer is not echoed: end the prompt's line
        if any("\udc80" <= char <= "\udcff" for char in line):
            warn(_("quiz-app: that answer was not UTF-8 text (is the terminal set to UTF-8?)"))
            line = line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return line

    def echo(text: str) -> None:
        click.echo(text, nl=text != "> ")

    def warn(text: str) -> None:
        click.echo(text, err=True)

    try:
        store = ProgressStore.for_home(context.home)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    if store.read_only_reason is not None:  # answers nobody could save are not asked for
        store.close()
        raise click.ClickException(
            _("the quiz cannot be saved: {reason}").format(reason=store.read_only_reason)
        )
    with back_up_after(store, context.home, warn):
        session = QuizSession(store, loaded, questions, now)
        try:
            run_plain_quiz(session, seed, read_line, echo, warn)
        except KeyboardInterrupt:
            if lost := finish(session, warn, read_line=None):
                warn(f"quiz-app: {lost}")
            raise SystemExit(130) from None
