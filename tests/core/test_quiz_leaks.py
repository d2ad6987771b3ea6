"""The bundled decks' quizzes read as a learner takes them, in order: no question answers a
later one. The cases of issue 12's audit of seeds 5 and 88 (40 questions), and ten more
seeds: four events dated July 2016 in Warsaw, acronyms spelled out in an earlier prompt,
an order question repeating the events of an earlier one."""

from __future__ import annotations

import functools

import pytest

from helpers.leaks import find_leaks
from quiz_app.dates import DateSpec
from quiz_app.distractors import written_in
from quiz_app.generator import deck_keys, lasts, make_quiz
from quiz_app.loader import load_deck
from quiz_app.model import Deck, Fact, TimelineEvent
from quiz_app.paths import bundled_decks_dir
from quiz_app.questions import Question, QuestionKind

DECKS = ["otan-ue.fr.yaml", "nato-eu.en.yaml"]
SEEDS = [5, 88, *range(10)]
# the kinds whose every option is a true event, shown as such
_ALL_TRUE = {QuestionKind.MC_EVENT, QuestionKind.ORDER, QuestionKind.FIRST}
# the questions that ask for an event's date, or for what happened at it
_DATE_KINDS = {QuestionKind.MC_DATE, QuestionKind.MC_EVENT, QuestionKind.TYPED_YEAR}


@functools.cache
def deck(name: str) -> Deck:
    return load_deck(bundled_decks_dir() / name)


@functools.cache
def quiz(name: str, seed: int) -> list[Question]:
    return make_quiz(deck(name), 40, seed)


def shown_before(questions: list[Question], position: int) -> str:
    """What the questions before `position` showed: prompts, right answers, true events."""
    return " ".join(
        f"{q.prompt} {q.answer_text} {' '.join(q.choices if q.kind in _ALL_TRUE else ())}"
        for q in questions[:position]
    )


@pytest.mark.parametrize("name", DECKS)
@pytest.mark.parametrize("seed", [5, 88])
def test_the_audited_quizzes_are_whole_and_give_nothing_away(name: str, seed: int) -> None:
    assert len(quiz(name, seed)) == 40
    assert find_leaks(deck(name), quiz(name, seed)) == []


@pytest.mark.parametrize("name", DECKS)
def test_one_question_on_the_date_of_the_warsaw_events(name: str) -> None:
    """Four events are dated July 2016, all at Warsaw: once one question showed that date,
    "what happened in July 2016?" would have every Warsaw option right."""
    warsaw = {
        event.id
        for event in deck(name).timeline
        if (event.date.start.year, event.date.start.month) == (2016, 7)
    }
    assert len(warsaw) == 4
    for seed in SEEDS:
        questions = quiz(name, seed)
        whens = [q.prompt for q in questions if q.kind is QuestionKind.MC_EVENT]
        assert len(whens) == len(set(whens)), seed
        dated = [
            q
            for q in questions
            if q.item_ids[0] in warsaw and (q.kind in _DATE_KINDS or ":year" in q.id)
        ]
        assert len(dated) <= 1, (seed, [q.id for q in dated])


@pytest.mark.parametrize("name", DECKS)
def test_no_acronym_is_asked_after_a_question_spelled_it_out(name: str) -> None:
    asked = 0
    for seed in SEEDS:
        questions = quiz(name, seed)
        for position, question in enumerate(questions):
            item = deck(name).item(question.item_ids[0])
            if not (isinstance(item, Fact) and item.id.startswith("sigle-")):
                continue
            asked += 1
            earlier = shown_before(questions, position)
            for meaning in (item.answer, *item.accept):
                assert not written_in(meaning, earlier), (seed, question.id, meaning)
    assert asked  # the seeds do ask acronyms


@pytest.mark.parametrize("name", DECKS)
def test_order_questions_take_events_not_yet_in_an_order(name: str) -> None:
    """An order or "which came first?" question shares at most one event with the earlier
    questions that showed events in order or with their dates."""
    for seed in SEEDS:
        ordered: set[str] = set()
        for question in quiz(name, seed):
            events = set(question.item_ids)
            if question.kind in (QuestionKind.ORDER, QuestionKind.FIRST):
                assert len(events & ordered) <= 1, (seed, question.id)
            if question.kind is QuestionKind.MC_EVENT:
                ordered.add(question.item_ids[0])  # the other options are shown undated
            elif isinstance(deck(name).item(question.item_ids[0]), TimelineEvent):
                ordered |= events


@pytest.mark.parametrize("name", DECKS)
def test_one_question_on_the_date_of_one_chronology_entry(name: str) -> None:
    """The two Berlin ministerials of June 1996 are one entry of the chronology: once a
    question showed the date of one, the other's date is not asked."""
    berlin = {"berlin-1996-iesd", "berlin-1996-moyens-ueo"}
    for seed in SEEDS:
        dated = [
            q
            for q in quiz(name, seed)
            if q.item_ids[0] in berlin and (q.kind in _DATE_KINDS or ":year" in q.id)
        ]
        assert len(dated) <= 1, (seed, [q.id for q in dated])


@pytest.mark.parametrize("name", DECKS)
def test_items_quoting_one_sentence_are_never_in_one_quiz(name: str) -> None:
    """The cloze listing the six non-EU Allies answers "how many?" (the same sentence of the
    source): a quiz asks about one of the items that quote a sentence."""
    allies = {"cloze-allies-non-ue", "num-allies-non-ue"}
    for seed in [4242, *SEEDS]:
        asked = {item_id for q in quiz(name, seed) for item_id in q.item_ids}
        assert not allies <= asked, seed


_SHOWS_DATES = {
    QuestionKind.MC_DATE,
    QuestionKind.TYPED_YEAR,
    QuestionKind.ORDER,
    QuestionKind.FIRST,
    QuestionKind.TRUE_FALSE,
}


def _dated_by(question: Question) -> set[str]:
    """The events whose date `question` showed as its answer, or that an order or a pair
    set side by side with their dates."""
    if question.kind is QuestionKind.MC_EVENT:
        return {question.item_ids[0]}
    if question.kind in _SHOWS_DATES:
        return set(question.item_ids)
    return set()


@pytest.mark.parametrize("name", DECKS)
def test_which_happened_then_offers_events_whose_date_the_quiz_has_not_shown(name: str) -> None:
    """ "Which of these happened in 2004?" after earlier answers dated two of its wrong
    options leaves a coin flip: wrong options come from events not dated yet, while there
    are enough of them (late in a quiz there may be none near: 44% of these questions had
    such an option before, 4% now)."""
    asked = ruled_out = 0
    for seed in [4242, *SEEDS]:
        dated: set[str] = set()
        for question in quiz(name, seed):
            if question.kind is QuestionKind.MC_EVENT:
                asked += 1
                ruled_out += bool(dated & set(question.item_ids[1:]))
            dated |= _dated_by(question)
    assert ruled_out <= asked // 10, (ruled_out, asked)


@pytest.mark.parametrize("name", DECKS)
def test_which_happened_then_is_not_asked_on_options_already_dated(name: str) -> None:
    """Audit 5 (en, seed 1789, Q29): "Which of these happened from 2008 to 2016?" after the
    quiz had dated all three wrong options. With fewer than three wrong options whose date
    the quiz has not shown, the question is not asked (in a quiz the deck fills)."""
    for seed in [1789, 31, *SEEDS]:
        questions = quiz(name, seed)
        for position, question in enumerate(questions):
            if question.kind is QuestionKind.MC_EVENT:
                dated = set().union(*map(_dated_by, questions[:position]))
                assert not dated & set(question.item_ids[1:]), (seed, question.id)


@pytest.mark.parametrize("name", DECKS)
def test_what_happened_over_years_offers_only_events_that_lasted(name: str) -> None:
    """Audit 5: "Which of these happened from June 2007 to December 2016?" offered EUPOL's
    presence beside three events of one day, told by its form alone. An event that lasted
    has wrong options that lasted too, or no such question."""
    events = {event.id: event for event in deck(name).timeline}
    asked = []
    for seed in [31, 1789, *SEEDS]:
        for question in quiz(name, seed):
            if question.kind is QuestionKind.MC_EVENT:
                spans = {lasts(events[item_id].date) for item_id in question.item_ids}
                assert len(spans) == 1, (seed, question.id)
                asked.append(question.item_ids[0])
    assert "eupol-afghanistan" not in asked and "ocean-shield" not in asked


@pytest.mark.parametrize("name", DECKS)
def test_a_short_quote_inside_another_items_quote_is_the_same_sentence(name: str) -> None:
    """Audit 5 (en, seed 1789, Q36): "In which country is Darfur?" quotes « … au Darfour
    (Soudan) », a part of the sentence op-darfour quotes whole, whose feedback gave Sudan
    away: the two items quote one sentence, and no quiz asks both."""
    keys = deck_keys(deck(name))
    assert "op-darfour" in keys.same_sentence("op-darfour-pays")
    assert "op-darfour-pays" in keys.same_sentence("op-darfour")
    for seed in [1789, *SEEDS]:
        asked = {item_id for q in quiz(name, seed) for item_id in q.item_ids}
        assert not {"op-darfour", "op-darfour-pays"} <= asked, seed


def test_a_blanked_year_is_not_asked_after_a_statement_gave_it_beside_its_words() -> None:
    """Audit 5 (fr, seed 31, Q26): « En ____, les arrangements « Berlin plus » ont posé … »
    came after Q10 had dated « … les arrangements « Berlin plus » (17 mars 2003) » and
    quoted « adopté le 17 mars 2003, les arrangements « Berlin plus » posent … »."""
    for seed in [31, *SEEDS]:
        questions = quiz("otan-ue.fr.yaml", seed)
        for position, question in enumerate(questions):
            if question.item_ids == ("cloze-berlin-plus-2003",) and question.answer_text == "2003":
                before = {item_id for q in questions[:position] for item_id in q.item_ids}
                assert "cadre-cooperation-2003" not in before, seed


def test_a_year_shown_beside_an_events_name_bounds_its_false_year() -> None:
    """fr seed 97: « Althea … les résultats de l'opération Concordia » dated December 2004,
    then "Concordia … a eu lieu en 2005: true or false?": 2004 shown beside Concordia says
    it came before, so 2005 is false without knowing its date. A year shown beside an
    event's distinctive name bounds it: no false year, and no date option, lies across."""
    texts = [
        ("2003-03-31", "Operation Concordia begins in the former Yugoslav Republic"),
        (
            "2004-12-02",
            "Operation Althea begins, building on the results of Operation Concordia",
        ),
        ("2001-01", "Exchange of letters on institutional relations"),
        ("2002-12", "Declaration on the defence policy of the Union"),
        ("2006-03", "Liaison cell set up at the military headquarters"),
        ("2005-10", "Agreement on a permanent liaison team"),
        ("2007-09", "Informal dinner of foreign ministers in New York"),
        ("2010-11", "Strategic concept adopted at the Lisbon summit"),
    ]
    events = tuple(
        TimelineEvent(id=f"e{n}", date=DateSpec.parse(date), event=text, source=text)
        for n, (date, text) in enumerate(texts)
    )
    deck = Deck(id="bounds", title="Bounds", language="en", timeline=events)
    checked = 0
    for seed in range(200):
        questions = make_quiz(deck, 12, seed)
        for position, question in enumerate(questions):
            bounded = any(
                "Concordia" in said and "2004" in said
                for said in (f"{q.prompt} {q.answer_text}" for q in questions[:position])
            )
            if question.item_ids[:1] != ("e0",) or not bounded:
                continue
            if question.kind is QuestionKind.TRUE_FALSE and "happened in" in question.prompt:
                checked += 1
                asked = int(question.prompt.rsplit(" ", 1)[1].rstrip("."))
                assert asked <= 2003, question.prompt
            if question.kind is QuestionKind.MC_DATE:
                checked += 1
                assert all("2004" not in c and "2005" not in c for c in question.choices)
    assert checked > 5
