"""Options of written questions: of the answer's kind, never a sibling deletion, a question,
or text of the prompt; typed answers short. Property tests on random decks with cards and
cloze, and a deck on another subject written from docs/decks.md."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import FIXTURES
from quiz_app.distractors import (
    MAX_TYPED_WORDS,
    Written,
    at_centre,
    gloss_beside,
    infer_type,
    reads_as_question,
    spells_out,
    words,
    written_in,
)
from quiz_app.generator import make_quiz, pools_of, written_subjects
from quiz_app.lint import initials
from quiz_app.loader import load_deck
from quiz_app.model import CLOZE_PATTERN, AnswerType, Blank, Cloze, Deck, Fact, FlashCard, Kind
from quiz_app.questions import AnswerForm, Question, QuestionKind

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = ["Oslo", "Berlin", "Rome", "Jean Monnet", "Sea Guardian", "EULEX", "NATO", "Paris"]
NAMES += ["Partnership for Peace (PfP)", "European Defence Agency (EDA)"]
TERMS = ["resilience", "hybrid threats", "crisis management", "military mobility", "exercises"]
NUMBERS = ["3", "22", "1957", "1992", "60 000", "six"]
SENTENCES = [
    "The support of NATO to operations led by the EU",
    "A common market with free movement of goods and people",
    "What did the conference decide?",
    "Talks on a customs union between the six founding states",
]
answers = st.sampled_from(NAMES + TERMS + NUMBERS)
kinds = st.none() | st.sampled_from(
    [
        Kind(AnswerType.PLACE),
        Kind(AnswerType.TERM),
        Kind(AnswerType.PERSON, "f"),
        Kind(AnswerType.NUMBER),
    ]
)
words_ = st.lists(
    st.sampled_from(["the", "treaty", "was", "signed", "in", "by", "and"]), min_size=1, max_size=5
).map(" ".join)


# The strategies a deck is drawn from, each made once: a strategy made anew for each value
# drawn cost hypothesis half the time of drawing a deck. Same draws, same decks.
_LANGUAGES = st.sampled_from(["fr", "en"])
_FRONTS, _BACKS = st.sampled_from(SENTENCES + NAMES), st.sampled_from(SENTENCES + NAMES + TERMS)
_THREE_ANSWERS, _FOUR_ANSWERS = st.lists(answers, max_size=3), st.lists(answers, max_size=4)
_DELETIONS = st.lists(answers, min_size=1, max_size=4, unique=True)
_ITEMS = st.integers(0, 6)


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    language = draw(_LANGUAGES)
    ids = iter(f"i{n}" for n in range(1000))
    cards = tuple(
        FlashCard(
            id=next(ids),
            front=draw(_FRONTS),
            back=draw(_BACKS),
            reverse=draw(st.booleans()),
            kind=draw(kinds),
            distractors=tuple(draw(_FOUR_ANSWERS)),
        )
        for _ in range(draw(_ITEMS))
    )
    cloze = []
    for _ in range(draw(_ITEMS)):
        deletions = draw(_DELETIONS)
        text = " ".join(f"{draw(words_)} {{{{{deletion}}}}}" for deletion in deletions) + "."
        blanks = tuple(
            Blank(deletion, draw(kinds), tuple(draw(_FOUR_ANSWERS)))
            for deletion in deletions
            if draw(st.booleans())
        )
        cloze.append(
            Cloze(
                id=next(ids),
                text=text,
                kind=draw(kinds),
                distractors=tuple(draw(_THREE_ANSWERS)),
                blanks=blanks,
            )
        )
    return Deck(id="random", title="Random", language=language, cards=cards, cloze=tuple(cloze))


def subject_of(deck: Deck, question: Question) -> Written:
    variant = question.id.partition("#q-")[2].partition("+")[0].partition(":")[2]
    (subject,) = [
        s
        for s in written_subjects(deck)
        if s.item.id == question.item_ids[0] and s.variant == variant
    ]
    return subject


def same_kind(deck: Deck, subject: Written, option: str) -> bool:
    """The option is the author's for this subject, or an answer or authored option of a
    subject of the same kind (and gender), from the same kind of item."""
    if option in subject.authored:
        return True
    if not subject.pooled:
        return False  # a term, a name of unknown sort, a sentence: never another's phrase
    numeric = (AnswerType.NUMBER, AnswerType.YEAR)
    if subject.kind.type in numeric and infer_type(option) in numeric:
        return True  # numbers near the answer
    group = pools_of(deck).groups[(subject.source, subject.kind.type, subject.kind.gender)]
    return any(option == text and other.pooled for _, _, text, other in group)


def assert_fair(deck: Deck, question: Question) -> None:
    if question.kind not in (
        QuestionKind.MC_FACT,
        QuestionKind.TYPED_TEXT,
        QuestionKind.TYPED_NUMBER,
    ) and not question.id.count(":cloze-"):
        return
    subject = subject_of(deck, question)
    assert not written_in(subject.answer, question.prompt), "the prompt gives the answer"
    if question.form is AnswerForm.TYPED:
        assert words(question.answer_text) <= MAX_TYPED_WORDS, question
        return
    assert question.choices is not None
    wrong = [c for i, c in enumerate(question.choices) if i != question.answer]
    # one form: the only option that spells out an acronym, "(PfP)", gives itself away
    assert len({spells_out(choice) for choice in question.choices}) == 1, question.choices
    for option in wrong:
        assert option not in subject.siblings, f"sibling deletion {option!r} offered"
        assert not reads_as_question(option), f"question {option!r} offered as an answer"
        assert not written_in(option, question.prompt), f"{option!r} stands in the prompt"
        assert same_kind(deck, subject, option), f"{option!r} is not a {subject.kind}"


@FAST
@given(deck=decks(), seed=st.integers(0, 2**16))
def test_written_questions_are_fair_on_random_decks(deck: Deck, seed: int) -> None:
    for question in make_quiz(deck, 15, seed):
        assert_fair(deck, question)


def test_a_deck_on_another_subject_gets_fair_questions() -> None:
    deck = load_deck(FIXTURES / "valid" / "european-integration.yaml")
    fronts = {card.front for card in deck.cards}
    asked = 0
    for seed in range(40):
        for question in make_quiz(deck, 20, seed):
            assert_fair(deck, question)
            assert not fronts & set(question.choices or ()) - {question.answer_text}
            asked += question.kind == QuestionKind.MC_FACT
    assert asked > 100  # multiple choice is still asked where it can be made well


def test_french_blanks_draw_only_deletions_after_the_same_article() -> None:
    deck = Deck(
        id="fr",
        title="T",
        language="fr",
        cloze=tuple(
            Cloze(id=f"c{n}", text=text, kind=Kind(AnswerType.COUNTRY))
            for n, text in enumerate(
                [
                    "Le pays invité est le {{Canada}}.",
                    "Le pays voisin est le {{Portugal}}.",
                    "Le pays hôte est le {{Danemark}}.",
                    "Le pays fondateur est le {{Luxembourg}}.",
                    "Le pays candidat est la {{Norvège}}.",
                    "Le pays observateur est la {{Suisse}}.",
                ]
            )
        ),
    )
    for seed in range(20):
        for question in make_quiz(deck, 6, seed):
            if question.kind == QuestionKind.MC_FACT:
                assert not {"Norvège", "Suisse"} & set(question.choices or ()) or (
                    question.answer_text in ("Norvège", "Suisse")
                )


def test_options_made_from_the_answers_words_are_never_offered_together() -> None:
    """« armes de destruction massive » among « armes de dissuasion massive » and « attaques
    de destruction massive »: the majority word at each place gives it away. The answer is
    never the option that shares the most words with the others; the same word changed
    in every option points at none."""
    assert at_centre(
        "armes de destruction massive",
        ["armes de dissuasion massive", "attaques de destruction massive", "armements"],
    )
    assert at_centre("Partnership for Peace", ["Partnership for Prosperity", "Programme for Peace"])
    assert not at_centre(
        "Agence européenne de défense",
        ["Alliance européenne de défense", "Armée européenne de défense", "Autorité européenne"],
    )
    assert not at_centre("Partnership for Peace", ["Partnership for Progress", "Oslo"])
    fact = Fact(
        id="wmd",
        question="What does WMD stand for?",
        answer="weapons of mass destruction",
        kind=Kind(AnswerType.ACRONYM),
        distractors=(
            "weapons of mass deterrence",
            "arms of mass destruction",
            "weapons of military defence",
            "wide-area missile defence",
        ),
    )
    deck = Deck(id="wmd", title="WMD", language="en", facts=(fact,))
    choices = [
        q.choices for seed in range(30) for q in make_quiz(deck, 1, seed) if q.kind == "mc-fact"
    ]
    assert choices  # three options that leave the answer among others remain
    for options in choices:
        others = [option for option in options if option != fact.answer]
        assert not at_centre(fact.answer, others), options


def test_a_word_of_the_prompt_breaking_a_tie_puts_the_answer_at_the_centre() -> None:
    """« état-major » twice, « d'opération » and « d'observation » twice: a tie, until the
    prompt says « employé pour l'opération Althea »: the learner takes the majority head and
    the prompt's word. The generator never offers such three options."""
    answer = "état-major d'opération"
    others = [
        "état-major d'observation",
        "équipe mixte d'observation",
        "escadron mobile d'opération",
    ]
    assert not at_centre(answer, others)
    assert at_centre(answer, others, "Que signifie le sigle EMO employé pour l'opération Althea ?")
    assert not at_centre(answer, others, "Que signifie le sigle EMO employé pour Althea ?")
    fact = Fact(
        id="emo",
        question="Que signifie le sigle EMO employé pour l'opération Althea ?",
        answer=answer,
        kind=Kind(AnswerType.ACRONYM),
        distractors=tuple(others),
    )
    deck = Deck(id="emo", title="EMO", language="fr", facts=(fact,))
    assert [q for seed in range(30) for q in make_quiz(deck, 1, seed) if q.kind == "mc-fact"] == []


def test_an_acronym_reads_headquarters_as_two_letters() -> None:
    assert initials("Operation Headquarters") == "OHQ"
    assert initials("état-major d'opération") == "EMO"
    assert initials("International Security Assistance Force") == "ISAF"


def test_a_blank_glossed_by_the_parenthesis_beside_it_is_never_asked() -> None:
    """ "robust ____ (roads, railways, ports and airports)": the list says what fills the
    blank. An acronym or a year in parentheses says no such thing."""
    text = (
        "Mobility needs {{rapid border crossing}}, {{transport}} and robust {{infrastructure}} "
        "(roads, railways, ports and airports), and the {{Military Staff}} (EUMS) of {{2017}} (EU)."
    )
    glossed = [
        match.group(1)
        for match in CLOZE_PATTERN.finditer(text)
        if gloss_beside(text, match.start(), match.end())
    ]
    assert glossed == ["infrastructure"]
    french = "une {{infrastructure}} solide (routes, chemins de fer, ports et aéroports)"
    match = next(CLOZE_PATTERN.finditer(french))
    assert (
        gloss_beside(french, match.start(), match.end())
        == "(routes, chemins de fer, ports et aéroports)"
    )
    cloze = Cloze(id="mobility", text=text)
    deck = Deck(id="m", title="M", language="en", cloze=(cloze,))
    asked = {q.answer_text for seed in range(40) for q in make_quiz(deck, 5, seed)}
    assert "infrastructure" not in asked
    assert "transport" in asked
