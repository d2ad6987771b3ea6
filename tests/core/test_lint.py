"""`quiz-app lint`: every planted defect is reported, the bundled decks lint clean."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from helpers import FIXTURES
from helpers.words import ENGLISH_ONLY, words
from quiz_app.cli import main
from quiz_app.dates import DateSpec
from quiz_app.i18n import french_typography
from quiz_app.lint import Level, lint, reads_as, warnings_of
from quiz_app.loader import load_deck
from quiz_app.model import Deck, FlashCard, TimelineEvent
from quiz_app.paths import bundled_decks_dir

PLANTED = FIXTURES / "lint" / "planted.yaml"

# (item id, what the warning must say): one per planted defect.
EXPECTED = [
    ("summit-brussels", "family imbalance"),
    ("single-act-again", "same text and date as single-act"),
    ("schengen-year", "gives its own year"),
    ("mixed-types", "distractor 'Treaty of Paris' is not of the answer's kind (year)"),
    ("leak", "the prompt gives the answer away"),
    ("accepted-distractor", "distractor 'EEC' would be accepted as the answer"),
    ("wrong-kind", "kind year looks wrong for 'the Treaty of Rome'"),
    ("question-reversed", "reverse: true on a question"),
    ("long-answer", "too few distractors for a 18-word answer"),
    ("sibling-distractor", "distractor 'Germany' is another deletion of the same text"),
    ("inferred-name", "kind inferred as name for 'Schuman'"),
    ("spelled-acronym", "spells out an acronym in parentheses and 'Euratom' does not"),
    ("wrong-letters", "'European Defence Community' does not spell EAEC, as the answer does"),
    ("letters-answer-only", "only the answer reads as EUPM"),
    ("made-around", "the answer is the middle of distractors '10' and '14'"),
    ("recombined", "the answer shares the most words with its distractors"),
    ("two-letter-word", "'Community Liaison Office' does not spell CHQ, as the answer does"),
    ("prompt-centre", "counting the prompt's words, the answer shares the most words"),
    ("glossed-blank", "the parenthesis beside it, (goods, persons, services and capital), says"),
]


@pytest.mark.parametrize(("item_id", "message"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_planted_defect_is_reported(item_id: str, message: str) -> None:
    warnings = lint(load_deck(PLANTED))
    assert any(w.item_id == item_id and message in w.message for w in warnings), [
        str(w) for w in warnings if w.item_id == item_id
    ]


@pytest.mark.parametrize(
    ("acronym", "text", "reads"),
    [
        ("EUPOL", "the EU Police Mission", True),
        ("EUPOL", "la mission de police de l'UE", True),  # « UE » gives E and U, in any order
        ("EUPOL", "le collège de police de l'UE", True),
        ("EUPOL", "la mission « État de droit » de l'UE", False),  # no word for POL
        ("ISAF", "International Security Assistance Force", True),
        ("ISAF", "a Provincial Reconstruction Team", False),
    ],
)
def test_reads_as_takes_each_part_from_the_start_of_a_word(
    acronym: str, text: str, reads: bool
) -> None:
    assert reads_as(acronym, text) is reads


def test_a_sound_item_is_not_reported() -> None:
    assert [w for w in lint(load_deck(PLANTED)) if w.item_id == "clean"] == []


def test_a_long_card_without_distractors_gets_a_note_not_a_warning() -> None:
    """Too long to type and with no options, a card is still studied as a flashcard
    (self-graded): no fault, but never silent: a note says why it is in no quiz."""
    found = [w for w in lint(load_deck(PLANTED)) if w.item_id == "long-back"]
    assert [(w.level, w.message.split(":")[1].strip()) for w in found] == [
        (Level.NOTE, "flashcard only")
    ], found
    assert "18 words" in found[0].message


def test_an_untyped_blank_without_distractors_gets_a_typed_only_note() -> None:
    found = [w for w in lint(load_deck(PLANTED)) if w.item_id == "untyped-terms"]
    assert [w.level for w in found] == [Level.NOTE]
    assert found[0].message.startswith(
        "blanks 'customs union', 'single market': typed answer only: no kind"
    )


def test_the_cli_reports_path_line_and_item_and_strict_fails() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["lint", str(PLANTED)])
    assert result.exit_code == 0
    assert f"{PLANTED}:36: warning: leak: the prompt gives the answer away" in result.stdout
    assert f"{PLANTED}:63: note: long-back: front: flashcard only: " in result.stdout
    assert runner.invoke(main, ["lint", "--strict", str(PLANTED)]).exit_code == 1


def test_notes_alone_do_not_fail_strict(tmp_path) -> None:
    deck = tmp_path / "notes.yaml"
    deck.write_text(
        "deck: notes\ntitle: Notes\nlanguage: en\ncards:\n"
        "  - id: long\n    front: How did the crisis end?\n"
        "    back: With a compromise that allowed a veto on vital national interests\n"
    )
    result = CliRunner().invoke(main, ["lint", "--strict", str(deck)])
    assert result.exit_code == 0
    assert f"{deck}:5: note: long: front: flashcard only" in result.stdout
    assert "1 deck linted: 0 warnings, 1 note" in result.stderr


def test_the_bundled_decks_lint_clean_in_strict_mode() -> None:
    decks = sorted(str(path) for path in bundled_decks_dir().glob("*.yaml"))
    result = CliRunner().invoke(main, ["lint", "--strict", *decks])
    assert result.exit_code == 0, result.stdout  # --strict: 1 on any warning
    assert ": warning: " not in result.stdout
    assert "2 decks linted: 0 warnings" in result.stderr


def test_an_invalid_deck_fails_lint(tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("deck: x\n")
    assert CliRunner().invoke(main, ["lint", str(broken)]).exit_code == 1


def test_the_reverse_of_a_card_gets_a_note_not_a_warning() -> None:
    """A reversed card's front has no kind the author could give: asked typed only, it is
    noted, never a warning asking for a kind."""
    card = FlashCard(
        id="estates",
        front="Estates-General",
        back="The assembly of the three orders: clergy, nobility and the Third Estate",
        reverse=True,
    )
    found = lint(Deck(id="d", title="D", language="en", cards=(card,)))
    assert warnings_of(found) == []
    assert "back: typed answer only: the reverse of a card takes no options" in [
        w.message for w in found
    ]


def test_under_french_lint_speaks_french(home) -> None:
    """Warnings, notes and the summary in French, the format kept: `path:line: attention :
    ITEM-ID : what` (the level translated as gcc translates it)."""
    env = {**os.environ, "LC_ALL": "fr_FR.UTF-8", "QUIZ_APP_HOME": str(home)}
    env.pop("LANGUAGE", None)
    result = subprocess.run(
        [sys.executable, "-m", "quiz_app", "lint", str(PLANTED)],
        capture_output=True,
        text=True,
        env=env,
    )
    said = french_typography
    assert f"{PLANTED}:36: " + said("attention : leak : l’énoncé donne la réponse") in result.stdout
    assert f"{PLANTED}:63: " + said("note : long-back : front : carte de révision") in result.stdout
    assert said("1 paquet vérifié : ") in result.stderr, result.stderr
    own = {word.casefold() for word in re.findall(r"[^\W\d_]+", PLANTED.read_text())}
    assert sorted(words(result.stdout + result.stderr) & ENGLISH_ONLY - own) == []


def test_an_event_that_can_get_no_sound_date_options_gets_a_note() -> None:
    """A range whose only options would overlap it, make a pattern or come after the deck's
    last date is never asked as multiple choice (June 2007 – December 2016 moved by its
    length): lint says so; a decade among other decades is asked."""
    dates = ["1990/1999", "2008/2016", "2007-06/2016-12", "1992", "1994-01", "1996-06", "2018-06"]
    events = tuple(
        TimelineEvent(id=f"e{n}", date=DateSpec.parse(date), event=f"event number {n}")
        for n, date in enumerate(dates)
    )
    deck = Deck(id="ranges", title="Ranges", language="en", timeline=events)
    noted = {w.item_id for w in lint(deck) if "no date question with options" in w.message}
    assert "e2" in noted
    assert "e0" not in noted
    assert all(w.level is Level.NOTE for w in lint(deck) if w.item_id in noted)


def _deck_of(events: list[tuple[str, str]]) -> Deck:
    return Deck(
        id="events",
        title="Events",
        language="en",
        timeline=tuple(
            TimelineEvent(id=f"e{n}", date=DateSpec.parse(date), event=text)
            for n, (date, text) in enumerate(events)
        ),
    )


def test_an_event_whose_text_always_stands_out_by_its_length_gets_a_note() -> None:
    short = [
        "alpha talks open",
        "bravo pact signed",
        "charlie summit held",
        "delta unit formed",
    ]
    long = "echo " + " ".join(["foxtrot golf hotel india juliett kilo lima mike"] * 3)
    dates = ["2001", "2002", "2003", "2004", "2005"]
    deck = _deck_of(list(zip(dates, [*short[:2], long, *short[2:]], strict=True)))
    noted = [w for w in lint(deck) if "stands out by its length" in w.message]
    assert [(w.item_id, w.level) for w in noted] == [("e2", Level.NOTE)]


def test_an_event_that_lasted_among_events_of_a_day_gets_a_note() -> None:
    """An event that lasted is asked "what happened?" only beside others that lasted: with
    fewer than three, lint says it is asked by its date, first or in an order only."""
    deck = _deck_of(
        [
            ("2007-06/2016-12", "alpha police mission"),
            ("2003-03", "bravo pact signed"),
            ("2004-12", "charlie operation launched"),
            ("2008-05", "delta summit held"),
            ("2010-11", "echo concept adopted"),
        ]
    )
    noted = [w for w in lint(deck) if "an event that lasted" in w.message]
    assert [(w.item_id, w.level) for w in noted] == [("e0", Level.NOTE)]
