"""Cards and quiz questions: properties on random decks, examples on the bundled decks."""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import functools
import itertools
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.leaks import find_leaks
from quiz_app.checker import (
    Verdict,
    answer_key,
    check_date,
    check_response,
    check_spec,
    parse_date,
)
from quiz_app.dates import DateSpec, PartialDate
from quiz_app.distractors import written_in
from quiz_app.generator import (
    QUESTION_KINDS,
    Question,
    _centre_of_pattern,
    _has_centre,
    _nearby_numbers,
    _text,
    card_ids,
    make_quiz,
    overlaps,
    span,
    strictly_before,
    study_cards,
    written_subjects,
)
from quiz_app.i18n import french_typography
from quiz_app.lint import lint
from quiz_app.loader import load_deck
from quiz_app.model import (
    AnswerType,
    Cloze,
    Deck,
    Fact,
    FlashCard,
    Kind,
    TimelineEvent,
    per_deck,
)
from quiz_app.paths import bundled_decks_dir
from quiz_app.questions import TypedQuestion

# Words that stay clear of articles and month names, even once rewritten with rot13.
WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "hotel",
    "india",
    "kilo",
    "lima",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
    "victor",
    "whisky",
    "zulu",
    "pivot",
    "comet",
]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rot13(text: str) -> str:
    """A rewording that keeps lengths, equalities and edit distances (and leaves digits alone)."""
    return codecs.encode(text, "rot13")


phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
answers = st.one_of(phrases, st.integers(1, 60).map(str))


# The strategies a deck is drawn from, each made once, and its dates drawn by a plain
# function rather than by composites nested in the deck's: a strategy made anew for each
# value drawn, or a composite within a composite, cost hypothesis a third of the time of
# drawing a deck, which is most of the time of the properties below. Same draws, same decks.
_LANGUAGES = st.sampled_from(["fr", "en"])
_PRECISIONS, _YEARS = st.integers(1, 3), st.integers(1990, 2012)
_MONTHS, _DAYS = st.integers(1, 12), st.integers(1, 28)
_ONE_IN_FIVE_A_RANGE, _RANGE_LENGTHS = st.integers(0, 4), st.integers(1, 30)
_SOURCES = st.none() | phrases
_TWO_ANSWERS, _FOUR_ANSWERS = st.lists(answers, max_size=2), st.lists(answers, max_size=4)
_FACT_KINDS = st.sampled_from([None, Kind(AnswerType.OPERATION), Kind(AnswerType.PLACE)])
_EVENTS, _FACTS, _CARDS, _CLOZE = (st.integers(0, top) for top in (12, 8, 5, 4))
_DELETIONS = st.integers(1, 3)


def draw_date_spec(draw: st.DrawFn) -> DateSpec:
    """A date of one of the three precisions, a range one time in five."""
    precision, year = draw(_PRECISIONS), draw(_YEARS)
    if precision == 1:
        start = PartialDate(year)
    else:
        month = draw(_MONTHS)
        start = PartialDate(year, month, draw(_DAYS) if precision == 3 else None)
    if draw(_ONE_IN_FIVE_A_RANGE):
        return DateSpec(start)
    return DateSpec(start, start.shifted(draw(_RANGE_LENGTHS)))


@st.composite
def decks(draw: st.DrawFn, *, timeline: bool = True) -> Deck:
    """A deck of every item type (no timeline with timeline=False: the rest is drawn the
    same)."""
    language = draw(_LANGUAGES)
    ids = iter(f"i{n}" for n in range(1000))
    events = tuple(
        TimelineEvent(
            id=next(ids),
            date=draw_date_spec(draw),
            event=draw(phrases),
            source=draw(_SOURCES),
        )
        for _ in range(draw(_EVENTS) if timeline else 0)
    )
    facts = tuple(
        Fact(
            id=next(ids),
            question=draw(phrases),
            answer=draw(answers),
            accept=tuple(draw(_TWO_ANSWERS)),
            reject=tuple(draw(_TWO_ANSWERS)),
            distractors=tuple(draw(_FOUR_ANSWERS)),
            kind=draw(_FACT_KINDS),
        )
        for _ in range(draw(_FACTS))
    )
    cards = tuple(
        FlashCard(
            id=next(ids), front=draw(phrases), back=draw(phrases), reverse=draw(st.booleans())
        )
        for _ in range(draw(_CARDS))
    )
    cloze = tuple(
        Cloze(
            id=next(ids),
            text=" ".join(
                f"{draw(phrases)} {{{{{draw(answers)}}}}}" for _ in range(draw(_DELETIONS))
            ),
        )
        for _ in range(draw(_CLOZE))
    )
    return Deck(
        id="random",
        title="Random",
        language=language,
        tags=("t",),
        timeline=events,
        facts=facts,
        cards=cards,
        cloze=cloze,
    )


def reworded(deck: Deck) -> Deck:
    """Every text of the deck rewritten, every id and date kept."""

    def swap(item):
        changes = {}
        for name in ("event", "question", "answer", "front", "back", "text", "source", "note"):
            value = getattr(item, name, None)
            if isinstance(value, str):
                changes[name] = rot13(value)
        for name in ("accept", "reject", "distractors"):
            if hasattr(item, name):
                changes[name] = tuple(rot13(text) for text in getattr(item, name))
        return dataclasses.replace(item, **changes)

    return dataclasses.replace(
        deck,
        timeline=tuple(map(swap, deck.timeline)),
        facts=tuple(map(swap, deck.facts)),
        cards=tuple(map(swap, deck.cards)),
        cloze=tuple(map(swap, deck.cloze)),
    )


# --- What every question must satisfy ---------------------------------------------


def events_named(deck: Deck, text: str) -> list[TimelineEvent]:
    return [event for event in deck.timeline if answer_key(event.event) == answer_key(text)]


# The deck's study cards by id, made once per deck rather than once per question checked.
_cards_by_id = per_deck(lambda deck: {card.id: card for card in study_cards(deck)})


def card_for(deck: Deck, question: Question):
    """The study card a written (fact, card, cloze) question is about."""
    item = deck.item(question.item_ids[0])
    variant = question.id.partition("#q-")[2].partition("+")[0].partition(":")[2]
    kind = "fact" if isinstance(item, Fact) else variant
    return _cards_by_id(deck)[f"{deck.id}/{item.id}#{kind}"]


def quoted(event: TimelineEvent, language: str) -> str:
    """An event's text as a true/false statement quotes it: inside “…”, its own “…” become ‘…’;
    inside « … », its own « … » become “…”."""
    if language == "fr":
        return re.sub(r"«\s*(.*?)\s*»", r"“\1”", event.event)
    return event.event.replace("“", "‘").replace("”", "’")


def assert_sound(deck: Deck, question: Question) -> None:
    kind = question.kind
    assert kind in QUESTION_KINDS
    assert question.id.startswith(f"{deck.id}/{question.item_ids[0]}#q-{kind}")
    for other in question.item_ids[1:]:
        assert f"+{other}" in question.id
    assert question.language == deck.language
    assert question.prompt
    subject = deck.item(question.item_ids[0])
    if question.choices is not None:
        keys = [answer_key(choice) for choice in question.choices]
        assert len(set(keys)) == len(keys), f"duplicate choices in {question}"

    if kind == "mc-date":
        assert len(question.choices) == 4
        verdicts = [
            check_date(choice, subject.date, deck.language).verdict for choice in question.choices
        ]
        assert [i for i, v in enumerate(verdicts) if v is not Verdict.WRONG] == [question.answer]
        assert question.choices[question.answer] == subject.date.format(deck.language)
    elif kind == "mc-event":
        assert len(question.choices) == 4
        assert question.choices[question.answer] == subject.event
        for index, choice in enumerate(question.choices):
            if index != question.answer:
                assert all(
                    not overlaps(event.date, subject.date) for event in events_named(deck, choice)
                )
    elif kind == "mc-fact":
        assert len(question.choices) == 4
        card = card_for(deck, question)
        verdicts = [check_response(card, choice).verdict for choice in question.choices]
        assert [i for i, v in enumerate(verdicts) if v is not Verdict.WRONG] == [question.answer], (
            verdicts,
            question,
        )
    elif kind in ("order", "first"):
        events = [events_named(deck, choice) for choice in question.choices]
        assert all(len(found) == 1 for found in events), "each choice names one event"
        if kind == "order":
            assert 4 <= len(question.choices) <= 5
            assert sorted(question.answer) == list(range(len(question.choices)))
            ordered = [events[index][0].date for index in question.answer]
        else:
            assert len(question.choices) == 2
            ordered = [events[question.answer][0].date, events[1 - question.answer][0].date]
        assert all(strictly_before(a, b) for a, b in itertools.pairwise(ordered)), (
            "answer sorted by date"
        )
        assert [span(date) for date in ordered] == sorted(span(date) for date in ordered)
    elif kind == "true-false":
        assert isinstance(question.answer, bool)
        if ":before+" in question.id:
            other = deck.item(question.item_ids[1])
            assert not overlaps(subject.date, other.date), "no ambiguous pairs"
            # Which event the prompt names first: rebuild it both ways (one event's text may
            # contain the other's, so searching the prompt for them is not enough).
            template, lang = _text(deck.language)["before"], deck.language
            first, second = (
                (subject, other)
                if question.prompt
                == template.format(a=quoted(subject, lang), b=quoted(other, lang))
                else (other, subject)
            )
            assert question.prompt == template.format(a=quoted(first, lang), b=quoted(second, lang))
            assert question.answer == strictly_before(first.date, second.date)
        else:
            asked = int(re.findall(r"\d+", question.prompt)[-1])
            assert not subject.date.is_range
            assert question.answer == (asked == subject.date.start.year)
    else:  # typed
        assert question.choices is None and isinstance(question, TypedQuestion)
        assert check_response(question, question.answer).verdict is Verdict.CORRECT


def assert_quiz_sound(deck: Deck, quiz: list[Question], n: int) -> None:
    assert len(quiz) <= n
    assert len({question.id for question in quiz}) == len(quiz)
    for question in quiz:
        assert_sound(deck, question)


# --- Properties ----------------------------------------------------------------------


@FAST
@given(deck=decks(), n=st.integers(1, 15), seed=st.integers(0, 2**32))
def test_every_question_has_exactly_one_right_answer_and_the_same_seed_the_same_quiz(
    deck: Deck, n: int, seed: int
) -> None:
    # one property run for both: drawing the random decks is most of its time
    quiz = make_quiz(deck, n, seed)
    assert_quiz_sound(deck, quiz, n)
    assert make_quiz(deck, n, seed) == quiz


@FAST
@given(deck=decks(), n=st.integers(1, 30), seed=st.integers(0, 2**32))
def test_no_question_gives_away_what_an_earlier_one_showed(deck: Deck, n: int, seed: int) -> None:
    """While the deck has a fresh subject whose question gives nothing away, the quiz asks
    it: no repeated subject, and no answer that an earlier question of the quiz showed
    (tests/helpers/leaks.py reads the quiz as a learner takes it). Only then does a
    small deck fill the quiz with the rest."""
    fresh = make_quiz(deck, n, seed, fill=False)
    assert find_leaks(deck, fresh) == []
    subjects = [question.id.partition("#q-")[0] for question in fresh]
    assert len(set(subjects)) == len(subjects)
    assert make_quiz(deck, n, seed)[: len(fresh)] == fresh


@FAST
@given(deck=decks(), seed=st.integers(0, 1000))
def test_ids_are_stable_under_rewording(deck: Deck, seed: int) -> None:
    other = reworded(deck)
    assert [card.id for card in study_cards(other)] == [card.id for card in study_cards(deck)]
    before, after = make_quiz(deck, 10, seed), make_quiz(other, 10, seed)
    assert [
        (q.id, q.kind, q.answer if not isinstance(q, TypedQuestion) else None) for q in after
    ] == [(q.id, q.kind, q.answer if not isinstance(q, TypedQuestion) else None) for q in before]


@FAST
@given(deck=decks())
def test_cards(deck: Deck) -> None:
    cards = study_cards(deck)
    expected = (
        2 * len(deck.timeline)
        + len(deck.facts)
        + sum(2 if card.reverse else 1 for card in deck.cards)
        + sum(len(item.deletions) for item in deck.cloze)
    )
    assert len(cards) == expected
    assert len({card.id for card in cards}) == len(cards)
    assert card_ids(deck) == tuple(card.id for card in cards)  # what home counts, in order
    for card in cards:
        assert card.id == f"{deck.id}/{card.item_id}#{card.kind}"
        assert card.tags[0] == "t"
        assert check_response(card, card.answer).verdict is Verdict.CORRECT


@FAST
@given(deck=decks(timeline=False))
def test_decks_without_a_timeline_still_give_a_quiz(deck: Deck) -> None:
    quiz = make_quiz(deck, 10, 1)
    # a short answer that the prompt does not give away can always be typed
    if any(s.typed_ok and not written_in(s.answer, s.prompt) for s in written_subjects(deck)):
        assert quiz
    assert_quiz_sound(deck, quiz, 10)


def test_quizzes_on_a_big_deck_are_sound_and_seeded() -> None:
    # Pools of more than a thousand subjects are drawn lazily rather than shuffled whole.
    timeline = tuple(
        TimelineEvent(
            id=f"e{i}",
            date=DateSpec(PartialDate(1800 + i % 220, i % 12 + 1, i % 28 + 1)),
            event=f"Treaty of {WORDS[i % len(WORDS)].title()} number {i} signed",
        )
        for i in range(1500)
    )
    facts = tuple(
        Fact(
            id=f"f{i}",
            question=f"Value of quantity {i}?",
            answer=str(i),
            kind=Kind(AnswerType.NUMBER),
        )
        for i in range(1200)
    )
    deck = Deck(id="big", title="Big", language="en", timeline=timeline, facts=facts)
    quizzes = [make_quiz(deck, 20, seed) for seed in range(3)]
    for quiz in quizzes:
        assert_quiz_sound(deck, quiz, 20)
        assert len(quiz) == 20
        asked = [item for question in quiz for item in question.item_ids[:1]]
        assert len(set(asked)) == len(asked)  # no item asked about twice
    assert make_quiz(deck, 20, 1) == quizzes[1]
    assert quizzes[0] != quizzes[1]


def test_tiny_decks_give_fewer_questions() -> None:
    event = TimelineEvent(id="a", date=DateSpec.parse("2003-03-31"), event="alpha")
    deck = Deck(id="tiny", title="Tiny", language="en", timeline=(event,))
    quiz = make_quiz(deck, 50, 0)
    assert 1 <= len(quiz) < 50
    assert {q.kind for q in quiz} <= {"mc-date", "typed-year", "true-false"}
    assert make_quiz(Deck(id="e", title="E", language="fr"), 10, 0) == []


@pytest.mark.parametrize(
    "dates",
    [
        ("1000", "1001-01", "1002-01-01", "1000/1003"),
        ("9999", "9998-12", "9999-12-31", "9990/9999"),
    ],
)
def test_dates_at_the_ends_of_the_calendar(dates) -> None:
    events = tuple(
        TimelineEvent(id=f"e{i}", date=DateSpec.parse(d), event=WORDS[i])
        for i, d in enumerate(dates)
    )
    deck = Deck(id="edge", title="Edge", language="fr", timeline=events)
    for seed in range(10):
        assert_quiz_sound(deck, make_quiz(deck, 12, seed), 12)


def test_events_sharing_a_text_are_never_asked_about() -> None:
    twins = (
        TimelineEvent(id="a", date=DateSpec.parse("2003"), event="Sommet"),
        TimelineEvent(id="b", date=DateSpec.parse("2004"), event="Sommet"),
    )
    deck = Deck(id="twins", title="Twins", language="fr", timeline=twins)
    assert make_quiz(deck, 10, 0) == []


def test_ranges_get_range_distractors() -> None:
    events = tuple(
        TimelineEvent(id=f"e{year}", date=DateSpec.parse(date), event=f"event {year}")
        for year, date in enumerate(["2008/2016", "2008", "2009", "2010/2012", "2016"])
    )
    deck = Deck(id="ranges", title="Ranges", language="en", timeline=events)
    for seed in range(20):
        for question in make_quiz(deck, 20, seed):
            assert_sound(deck, question)
            if question.kind == "mc-date" and question.item_ids[0] == "e0":
                assert all(" – " in choice for choice in question.choices)


# --- The bundled decks ---------------------------------------------------------------

BUNDLED = {
    "fr": bundled_decks_dir() / "otan-ue.fr.yaml",
    "en": bundled_decks_dir() / "nato-eu.en.yaml",
}


@functools.cache
def bundled_deck(language: str) -> Deck:
    """A bundled deck, loaded once per test process: a deck is immutable, and the generator
    keeps what it works out for a loaded deck (its pools, its cards) for the next quiz."""
    return load_deck(BUNDLED[language])


TEMPLATES = {
    "fr": tuple(  # written the French way: narrow no-break spaces before ? and :
        french_typography(template)
        for template in (
            "Quelle est la date de cet événement ?",
            "En quelle année a eu lieu cet événement ?",
            "Que s’est-il passé ",
            "Vrai ou faux : ",
            "Remettez ces événements dans l’ordre chronologique",
            "Lequel de ces deux événements a eu lieu en premier ?",
            "Lequel de ces événements a eu lieu ",
            "Complétez : ",
        )
    ),
    "en": (
        "When did this happen?",
        "In which year did this happen?",
        "What happened ",
        "True or false: ",
        "Put these events in chronological order",
        "Which of these two events came first?",
        "Which of these happened ",
        "Fill in the blank: ",
    ),
}


@pytest.fixture(scope="module", params=["fr", "en"])
def bundled(request) -> Deck:
    return bundled_deck(request.param)


def test_bundled_quizzes_are_sound_and_in_the_deck_language(bundled: Deck) -> None:
    language = bundled.language
    other = "en" if language == "fr" else "fr"
    written = (
        {fact.question for fact in bundled.facts}
        | {card.front for card in bundled.cards}
        | {card.back for card in bundled.cards}
    )
    kinds = set()
    for seed in range(12):
        quiz = make_quiz(bundled, 20, seed)
        assert len(quiz) == 20
        assert_quiz_sound(bundled, quiz, 20)
        for question in quiz:
            kinds.add(question.kind)
            if question.prompt not in written:
                assert question.prompt.startswith(TEMPLATES[language]), question.prompt
                assert not question.prompt.startswith(TEMPLATES[other])
    assert kinds == set(QUESTION_KINDS)


def test_bundled_cards(bundled: Deck) -> None:
    cards = {card.id: card for card in study_cards(bundled)}
    deck = bundled.id
    when = cards[f"{deck}/concordia#when"]
    what = cards[f"{deck}/concordia#what"]
    if bundled.language == "fr":
        assert when.answer == "31 mars 2003"
        assert when.prompt.startswith(french_typography("Quand ?"))
        assert what.prompt == french_typography("Que s’est-il passé le 31 mars 2003 ?")
        assert check_response(when, "31/03/2003").verdict is Verdict.CORRECT
        assert check_response(when, "mars 2003").verdict is Verdict.WRONG
        number = cards[f"{deck}/num-membres-communs#fact"]
        assert check_response(number, "vingt-deux").verdict is Verdict.CORRECT
    else:
        assert when.answer == "31 March 2003" and when.prompt.startswith("When?")
        assert what.prompt == "What happened on 31 March 2003?"
        assert check_response(when, "31 March 2003").verdict is Verdict.CORRECT
        number = cards[f"{deck}/num-membres-communs#fact"]
        assert check_response(number, "twenty-two").verdict is Verdict.CORRECT
    assert check_response(number, "23").verdict is Verdict.WRONG
    petersberg = next(
        card
        for card in cards.values()
        if card.item_id == "cloze-petersberg" and card.answer == "Petersberg"
    )
    assert check_response(petersberg, "Petersberg").verdict is Verdict.CORRECT
    assert (
        check_response(petersberg, "Petersburg").verdict is Verdict.WRONG
    )  # another answer of the deck
    assert check_response(petersberg, "Petresberg").verdict is Verdict.TYPO
    assert len(cards) == len(study_cards(bundled))


def test_same_items_same_ids_in_both_languages() -> None:
    fr, en = bundled_deck("fr"), bundled_deck("en")
    strip = lambda deck: [card.id.partition("/")[2] for card in study_cards(deck)]  # noqa: E731
    assert strip(fr) == strip(en)


def test_what_card_of_a_shared_date_accepts_every_event_of_that_date() -> None:
    deck = Deck(
        id="d",
        title="D",
        language="en",
        timeline=(
            TimelineEvent(id="a", date=DateSpec.parse("1992-02"), event="The treaty is signed"),
            TimelineEvent(
                id="b", date=DateSpec.parse("1992-02-07"), event="Close cooperation begins"
            ),
            TimelineEvent(id="c", date=DateSpec.parse("1992-03"), event="Something else happens"),
        ),
    )
    cards = {card.id: card for card in study_cards(deck)}
    shared = cards["d/a#what"]
    assert (
        shared.prompt
        == "What happened in February 1992? (2 events of the deck fall then: any one of them counts)"
    )
    assert shared.answer == "The treaty is signed"
    assert shared.note is not None and "• Close cooperation begins" in shared.note
    assert check_response(shared, "Close cooperation begins").verdict is Verdict.CORRECT
    assert check_response(shared, "Something else happens").verdict is Verdict.WRONG
    # A day lies within its month, not the other way round.
    assert cards["d/b#what"].prompt == "What happened on 7 February 1992?"
    assert cards["d/c#what"].note is None


def test_events_that_read_the_same_accept_each_others_dates() -> None:
    deck = bundled_deck("fr")
    cards = {card.id: card for card in study_cards(deck)}
    when = cards["otan-ue/diner-2007-09-new-york#when"]
    assert check_response(when, "septembre 2007").verdict is Verdict.CORRECT
    assert check_response(when, "septembre 2006").verdict is Verdict.CORRECT  # also New York
    assert check_response(when, "avril 2006").verdict is Verdict.WRONG  # Sofia
    assert "septembre 2006" in (when.note or "")
    for seed in range(10):  # a quiz never asks when something happened that reads the same
        for question in make_quiz(deck, 20, seed):
            assert "diner-2007-09-new-york#q-typed-year" not in question.id


# Long card backs answer their own questions: another card's back is no option.
LONG_BACKS = [
    "To ensure that forces are trained and ready for operations led by either organisation.",
    "Because this context places both organisations before the same challenges from east and south.",
    "By sharing assessments and points of view on every question of common interest to both.",
    "Through the planning expertise of the Alliance and its other assets and capabilities.",
    "To the coast guards and national authorities of the two countries, and to the agency.",
]


def test_long_card_backs_are_multiple_choice_only_with_authored_distractors() -> None:
    authored = ("It was never discussed.", "Only once a year.", "By a vote of the assembly.")
    with_options = FlashCard(
        id="card-authored",
        front="How are the decisions taken?",
        back="By consensus of all the members.",
        distractors=authored,
    )
    cards = (
        *(
            FlashCard(id=f"card-{n}", front=f"Question number {WORDS[n]}?", back=back)
            for n, back in enumerate(LONG_BACKS)
        ),
        with_options,
    )
    deck = Deck(id="long", title="Long", language="en", cards=cards)
    backs = set(LONG_BACKS)
    asked = set()
    for question in _questions_of(deck, ("mc-fact",), size=10, seeds=range(30)):
        asked.add(question.item_ids[0])
        assert question.item_ids == ("card-authored",)
        assert set(question.choices) - {"By consensus of all the members."} == set(authored)
        assert not backs & set(question.choices)
    assert asked == {"card-authored"}  # the card with options is still asked as one
    # studied as flashcards, the long cards are no weakness: lint notes why they are in no quiz
    found = lint(deck)
    assert {w.level for w in found} == {"note"}
    assert {w.item_id for w in found} == {f"card-{n}" for n in range(len(LONG_BACKS))}


def test_a_typed_date_question_asks_for_the_year_and_accepts_it() -> None:
    """A deletion that is a full date is asked as "Type the year": the year is right, and
    the month or day, when given, is checked."""
    cloze = Cloze(id="framework", text="The framework was adopted on {{17 March 2003}}.")
    deck = Deck(id="dates", title="Dates", language="en", cloze=(cloze,))
    (question,) = make_quiz(deck, n=1)
    assert question.kind == "typed-year"
    for answer in ("2003", "March 2003", "17 March 2003"):
        assert check_response(question, answer).passed, answer
    for answer in ("2004", "April 2003", "18 March 2003"):
        assert not check_response(question, answer).passed, answer


@pytest.mark.parametrize("language", sorted(BUNDLED))
def test_card_ids_are_those_of_the_bundled_decks_cards(language: str) -> None:
    deck = bundled_deck(language)
    assert card_ids(deck) == tuple(card.id for card in study_cards(deck))


def test_day_precise_date_options_are_two_weeks_apart() -> None:
    """Real dates of other events a day or a week away (10 and 11 February) are no real
    choice: every two options of a day-precise date question lie two weeks apart or more."""
    dates = ["2016-02-10", "2016-02-11", "2016-02-19", "2016-03-10", "2016-05-20", "2016-06-24"]
    deck = _dated_deck("days", dates)
    asked = 0
    for question in _questions_of(deck, ("mc-date",), size=12, seeds=range(30)):
        asked += 1
        starts = [parse_date(choice).start for choice in question.choices]
        days = sorted(datetime.date(d.year, d.month, d.day) for d in starts)
        assert all((b - a).days >= 14 for a, b in itertools.pairwise(days)), question.choices
    assert asked > 10


@pytest.mark.parametrize(
    ("dates", "centre", "options"),
    [
        (
            ["1996-06", "1998-12", "1999-06", "2001-03", "2003-05", "2004-02"],
            "1996-06",
            ["1996-05", "1999-06", "1998-12"],
        ),
        (
            [
                "2016-05-12/2016-05-13",
                "2015-09-03/2015-09-05",
                "2014-06-10/2014-06-11",
                "2017-11-20/2017-11-22",
                "2013-02-04/2013-02-05",
                "2016-05-20",
            ],
            "2016-05-12/2016-05-13",
            ["2016-03-12/2016-03-13", "2016-07-12/2016-07-13", "2016-05-26/2016-05-27"],
        ),
        (
            ["2008/2016", "1990/1999", "2007/2016", "2004/2009", "2001/2003", "2010"],
            "2008/2016",
            ["2007/2015", "2009/2017", "1990/1999"],
        ),
    ],
    ids=["months", "day-ranges", "year-ranges"],
)
def test_the_answer_is_not_the_centre_of_its_date_options(
    dates: list[str], centre: str, options: list[str]
) -> None:
    """Options made by changing one part of the right date gave it away: June 1996 alone
    shared its year with May 1996 and its month with June 1999; 12–13 May 2016 alone shared
    its days with 12–13 March and July and its month with 26–27 May; 2008–2016 stood between
    2007–2015 and 2009–2017. No option is the centre of the others: not the answer, and
    not a wrong one either (never the answer, a learner who knows the trick drops it)."""
    deck = _dated_deck("dates", dates)
    asked = 0
    for question in _questions_of(deck, ("mc-date",), size=12, seeds=range(40)):
        answer = parse_date(question.choices[question.answer])
        if answer.is_range != DateSpec.parse(centre).is_range:
            continue  # the single day among the ranges
        asked += 1
        others = [parse_date(c) for i, c in enumerate(question.choices) if i != question.answer]
        assert not _has_centre([answer, *others]), question.choices
    assert asked > 10
    assert _centre_of_pattern(DateSpec.parse(centre), [DateSpec.parse(d) for d in options])


def test_number_options_are_near_the_answer_and_written_like_it() -> None:
    assert _nearby_numbers("22")[:4] == ["23", "21", "24", "20"]
    assert _nearby_numbers("60 000")[:2] == ["70 000", "50 000"]
    assert "220" not in _nearby_numbers("22") and "11" not in _nearby_numbers("22")


def test_a_blank_accepts_the_wordings_its_author_lists(tmp_path) -> None:
    """A typed blank takes an accept list, as a fact does: « sécurité maritime » for
    « sûreté maritime » is right in study and in a quiz, and never offered as an option."""
    path = tmp_path / "blanks.yaml"
    path.write_text(
        "deck: blanks\ntitle: Blanks\nlanguage: fr\ncloze:\n"
        "  - id: domaines\n"
        '    text: "Les domaines : la {{sûreté maritime}} et les {{exercices}}."\n'
        "    blanks:\n"
        '      - answer: "sûreté maritime"\n'
        '        accept: ["sécurité maritime"]\n',
        encoding="utf-8",
    )
    deck = load_deck(path)
    (card,) = [card for card in study_cards(deck) if card.answer == "sûreté maritime"]
    assert check_spec("sécurité maritime", card.expect, "fr").verdict is Verdict.CORRECT
    assert check_spec("sécurité", card.expect, "fr").verdict is Verdict.WRONG
    typed = [
        question
        for seed in range(20)
        for question in make_quiz(deck, 2, seed)
        if isinstance(question, TypedQuestion) and question.answer_text == "sûreté maritime"
    ]
    assert typed
    for question in typed:
        assert check_response(question, "sécurité maritime").verdict is Verdict.CORRECT


def _events(*dates: str) -> tuple[TimelineEvent, ...]:
    """Events of these dates, each of its own family ("event number 1" and "event number 2"
    would be one: alike but for a number)."""
    return tuple(
        TimelineEvent(id=f"e{n}", date=DateSpec.parse(date), event=f"the {WORDS[n]} event")
        for n, date in enumerate(dates)
    )


def test_what_happened_then_is_asked_only_of_a_date_no_other_event_shares() -> None:
    """Four events of July 2016: "What happened in July 2016?" has four right answers, so
    their question asks which of the options happened then (none of the others is one)."""
    events = _events("2016-07", "2016-07", "2015-03", "2014-06", "2013-02", "2012-09", "2011-01")
    deck = Deck(id="then", title="Then", language="en", timeline=events)
    prompts = {
        question.item_ids[0]: question.prompt
        for seed in range(30)
        for question in make_quiz(deck, 7, seed)
        if question.kind == "mc-event"
    }
    assert prompts["e0"] == "Which of these happened in July 2016?"
    assert prompts["e2"] == "What happened in March 2015?"


def test_events_days_apart_are_never_set_side_by_side() -> None:
    """10 or 11 February? Events less than two weeks apart are no pair for "which came
    first", "happened before" or an ordering."""
    events = _events("2016-02-10", "2016-02-11", "2016-05-20", "2016-06-24", "2016-09-01")
    deck = Deck(id="days", title="Days", language="en", timeline=events)
    for seed in range(30):
        for question in make_quiz(deck, 10, seed):
            if question.kind in ("first", "true-false", "order"):
                assert not {"e0", "e1"} <= set(question.item_ids), question


def test_kin_events_are_never_set_side_by_side() -> None:
    """The accord that creates a liaison team and the team set up a month later tell each
    other's order; two Warsaw events of one summit stand as one option: events that share a
    distinctive name or a quoted sentence are never paired in "which came first", "happened
    before" or an order, and a "what happened?" offers at most one of them."""
    texts = [
        ("2005-10", "Agreement creating a permanent liaison team at the EU Military Staff (EUMS)"),
        ("2005-11", "Set-up of the permanent liaison team at the EUMS"),
        ("2016-07", "At Warsaw, leaders list the areas of closer cooperation"),
        ("2016-07", "At Warsaw, leaders call the partner unique and essential"),
        ("2001-01", "Exchange of letters on consultation"),
        ("2003-03", "Framework for cooperation adopted"),
        ("2004-12", "Operation launched in Bosnia"),
        ("2008-02", "Rule of law mission deployed"),
        ("2010-11", "Strategic concept promises closer work"),
        ("2013-12", "Speech to the heads of government"),
        ("2015-05", "Informal conference of directors"),
        ("2017-12", "Thirty-two new measures taken"),
    ]
    timeline = tuple(
        TimelineEvent(id=f"e{n}", date=DateSpec.parse(date), event=text)
        for n, (date, text) in enumerate(texts)
    )
    deck = Deck(id="kin", title="Kin", language="en", timeline=timeline)
    pairs = 0
    for seed in range(40):
        for question in make_quiz(deck, 12, seed):
            ids = set(question.item_ids)
            assert not {"e0", "e1"} <= ids, question.id
            if question.kind in ("first", "true-false", "order", "mc-event"):
                assert not {"e2", "e3"} <= ids, question.id
                pairs += len(ids) > 1
    assert pairs > 40  # the other events are still paired


# The quizzes drawn from a deck, by size and seed: tests that read the same quizzes of a
# bundled deck (a quiz is a function of the deck, its size and its seed) draw them once.
_quizzes_drawn = per_deck(lambda deck: dict[tuple[int, int], list[Question]]())


def _questions_of(
    deck: Deck, kinds: tuple[str, ...], *, size: int, seeds: range
) -> Iterator[Question]:
    """The questions of these kinds in the quizzes of `size` drawn with each of `seeds`."""
    drawn = _quizzes_drawn(deck)
    for seed in seeds:
        if (size, seed) not in drawn:
            drawn[size, seed] = make_quiz(deck, size, seed)
        yield from (question for question in drawn[size, seed] if question.kind in kinds)


def _dated_deck(deck_id: str, dates: list[str]) -> Deck:
    """A deck of one event per date, each of its own text."""
    events = tuple(
        TimelineEvent(id=f"e{n}", date=DateSpec.parse(date), event=f"event number {n}")
        for n, date in enumerate(dates)
    )
    return Deck(id=deck_id, title=deck_id, language="en", timeline=events)


def _date_options(deck: Deck, item_id: str, seeds: range) -> list[tuple[DateSpec, list[DateSpec]]]:
    """The answer and wrong options of every date question on `item_id` over `seeds`."""
    found = []
    for question in _questions_of(deck, ("mc-date",), size=12, seeds=seeds):
        if question.item_ids[0] == item_id:
            dates = [parse_date(choice) for choice in question.choices]
            found.append(
                (dates[question.answer], dates[: question.answer] + dates[question.answer + 1 :])
            )
    return found


def test_a_range_is_offered_no_range_that_overlaps_it() -> None:
    """1988–1997 and 1991–2000 beside 1990–1999 were partly right, and left the answer at
    the centre: a wrong range lies wholly outside the answer's (a decade among decades),
    and a range that can get no such options is not asked as multiple choice."""
    dates = ["1990/1999", "2008/2016", "2007-06/2016-12", "1992", "1994-01", "1996-06", "2018-06"]
    deck = _dated_deck("ranges", dates)
    asked = _date_options(deck, "e0", range(40))
    assert len(asked) > 5
    for answer, options in asked:
        assert not any(overlaps(answer, option) for option in options), options
        invented = [option for option in options if option != DateSpec.parse("2008/2016")]
        assert all(o.end.year - o.start.year == 9 and o.start.year % 10 == 0 for o in invented)
    # June 2007 – December 2016 moved by its length is a pattern, or after 2018: not asked
    assert _date_options(deck, "e2", range(40)) == []


def test_a_year_is_offered_years_near_it() -> None:
    """1992 among 2004, 2008 and 2010 was the only year of its decade: a year's options lie
    within five years of it, real years of events of any precision first."""
    dates = ["1992", "1994-01", "1996-06", "1999", "2004", "2008", "2010", "2016-02-10"]
    deck = _dated_deck("years", dates)
    asked = _date_options(deck, "e0", range(40))
    assert len(asked) > 5
    real = {1994, 1996}
    for answer, options in asked:
        assert answer == DateSpec.parse("1992")
        assert all(abs(option.start.year - 1992) <= 5 for option in options), options
    assert any(real & {option.start.year for option in options} for _, options in asked)


def test_an_invented_day_is_no_twin_of_the_answer() -> None:
    """11 January and 11 March beside 11 February, or 24 February beside 10 February, read
    as the answer's twins: an invented day differs from the answer in its day and in its
    month."""
    dates = ["2013-02-11", "2016-02-10", "2014-03-05", "2016-05-20", "2014-06-10", "2016-06-24"]
    deck = _dated_deck("days", dates)
    real = {DateSpec.parse(date) for date in dates}
    invented = 0
    for item_id in ("e0", "e1"):
        for answer, options in _date_options(deck, item_id, range(60)):
            for option in options:
                if option not in real:
                    invented += 1
                    assert option.start.day != answer.start.day, (answer, options)
                    assert option.start.month != answer.start.month, (answer, options)
    assert invented > 10


@pytest.mark.parametrize("language", ["fr", "en"])
def test_what_happened_gives_nothing_away_by_length_or_by_shared_dates(
    language: str,
) -> None:
    """The one long sentence among short ones (the 2010 strategic concept, 210 characters
    beside 81-101) was picked without knowing anything, and two options of one date (both
    of January 2001) ruled each other out: the answer is neither over 1.6 times the longest
    option nor under 0.6 times the shortest, and no two options share a date."""
    deck = bundled_deck(language)
    events = {event.id: event for event in deck.timeline}
    asked = 0
    for question in _questions_of(deck, ("mc-event",), size=40, seeds=range(40)):
        asked += 1
        answer = len(question.answer_text)
        others = [len(choice) for choice in question.choices if choice != question.answer_text]
        assert 0.6 * min(others) <= answer <= 1.6 * max(others), question.choices
        wrong = [events[item_id].date for item_id in question.item_ids[1:]]
        assert all(not overlaps(a, b) for a, b in itertools.combinations(wrong, 2)), (
            question.item_ids
        )
    assert asked > 100


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_question_on_several_events_shows_the_note_of_each(language: str) -> None:
    """nice-signature's note says why its text reads « arrête » beside the quoted
    « Signature »: an order, a "which came first?" or a "what happened?" that shows it gave
    only its first event's note. Each event shown with a note has it in the feedback,
    after its first words."""
    deck = bundled_deck(language)
    events = {event.id: event for event in deck.timeline}
    checked = 0
    for question in _questions_of(deck, ("order", "first", "mc-event"), size=40, seeds=range(30)):
        noted = [events[i] for i in question.item_ids if events[i].note]
        for event in noted:
            checked += 1
            assert event.note in (question.note or ""), (question.id, event.id)
            assert event.event.split()[1] in (question.note or "")
        if not noted:
            assert question.note is None
    assert checked > 20
