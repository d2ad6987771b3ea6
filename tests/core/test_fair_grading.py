"""Typed answers to the bundled decks' questions, as learners who know the source write
them (issue 12, audit 6): right wordings pass, in a quiz and in study type-in mode alike,
and wrong answers stay wrong."""

from __future__ import annotations

import pytest

from quiz_app.checker import check_spec
from quiz_app.generator import make_quiz, study_cards
from quiz_app.loader import load_deck
from quiz_app.paths import bundled_decks_dir
from quiz_app.questions import TypedQuestion
from quiz_app.sessions import PROPOSED_RATING
from quiz_app.vocab import Rating, Verdict

DECKS = {
    "otan-ue": bundled_decks_dir() / "otan-ue.fr.yaml",
    "nato-eu": bundled_decks_dir() / "nato-eu.en.yaml",
}


@pytest.fixture(scope="module")
def cards() -> dict:
    return {card.id: card for path in DECKS.values() for card in study_cards(load_deck(path))}


RIGHT = [
    ("otan-ue/cloze-consultations-regions#cloze-2", "en Libye"),
    ("otan-ue/cloze-consultations-regions#cloze-2", "Lybie"),
    ("otan-ue/defense-intelligente#fact", "les travaux sur la défense intelligente"),
    ("otan-ue/defense-intelligente#fact", "ceux sur la défense intelligente"),
    ("otan-ue/op-althea-pays#fact", "en Bosnie-Herzégovine"),
    ("otan-ue/cloze-egee-2016#cloze-2", "l'agence Frontex"),
    (
        "otan-ue/cloze-egee-2016#cloze-2",
        "l'agence de l'Union européenne pour la gestion des frontières",
    ),
    ("otan-ue/cloze-aed-mission#cloze-4", "recherche et développement"),
    ("otan-ue/cloze-mesures-2016-cyber#cloze-1", "menaces cyber"),
    ("otan-ue/consultations-russie#fact", "la Fédération de Russie"),
    ("otan-ue/cloze-allies-non-ue#cloze-5", "Türkiye"),
    ("nato-eu/sigle-eupol#fact", "European Union Police Mission in Afghanistan"),
    ("nato-eu/sigle-eupol#fact", "EU police mission in Afghanistan"),
    ("nato-eu/cloze-varsovie-domaines#cloze-3", "defence capacity building"),
    ("nato-eu/pers-barroso#fact", "Durão Barroso"),
    ("nato-eu/pers-barroso#fact", "Jose Manuel Durao Barroso"),
    ("nato-eu/cloze-allies-non-ue#cloze-5", "Türkiye"),
    ("nato-eu/consultations-russie#fact", "Russian Federation"),
    ("nato-eu/cloze-eulex-objectif#cloze-3", "judicial"),
    ("nato-eu/cloze-groupe-capacites-insuffisances#cloze-1", "improvised explosives"),
    ("nato-eu/cloze-egee-2016#cloze-2", "the EU border agency"),
    ("nato-eu/cloze-egee-2016#cloze-2", "European Border and Coast Guard Agency"),
    ("nato-eu/cloze-aed-mission#cloze-4", "research and development"),
    ("nato-eu/cloze-consultations-regions#cloze-3", "Mideast"),
    ("nato-eu/cloze-mesures-2016-planification#cloze-1", "consistency"),
    ("nato-eu/op-darfour-aide#fact", "rotations of transport planes"),
    # audit 7: wordings that were Wrong
    ("otan-ue/defense-intelligente#fact", "smart defence"),
    ("otan-ue/cloze-aed-mission#cloze-1", "capacités"),
    ("nato-eu/cloze-aed-mission#cloze-1", "capabilities"),
    ("nato-eu/cloze-aed-mission#cloze-3", "purchasing"),
    ("nato-eu/cloze-mesures-2016-maritime#cloze-1", "Operation Sea Guardian"),
    ("nato-eu/cloze-mesures-2016-maritime#cloze-2", "Operation Sophia"),
    ("nato-eu/cloze-varsovie-signataires#cloze-2", "the European Council's President"),
    ("nato-eu/op-ue-volet-policier#fact", "policing"),
    ("nato-eu/op-atalanta#fact", "EU NAVFOR Somalia"),
    # audit 8: wordings that were Wrong
    ("otan-ue/sigle-emo#fact", "état-major opérationnel de l'UE"),
    ("otan-ue/cloze-entretiens-services#cloze-4", "Parlement"),
    ("nato-eu/inst-ueo-taches-residuelles#fact", "only residual tasks"),
    ("nato-eu/inst-ueo-taches-residuelles#fact", "residual tasks only"),
    ("nato-eu/inst-ueo-taches-residuelles#fact", "some residual functions"),
    ("nato-eu/cloze-entretiens-services#cloze-1", "European External Action Service (EEAS)"),
    ("nato-eu/cloze-entretiens-services#cloze-1", "External Action Service"),
    ("nato-eu/sigle-minuk#fact", "UNMIK (MINUK)"),
    ("nato-eu/cloze-niveaux-reunions#cloze-3", "military reps"),
]

WRONG = [
    ("otan-ue/cloze-consultations-regions#cloze-2", "en Syrie"),
    ("otan-ue/defense-intelligente#fact", "la mutualisation et le partage"),
    ("otan-ue/cloze-petersberg#cloze-1", "Petersburg"),
    ("nato-eu/pers-barroso#fact", "Juncker"),
    ("nato-eu/pers-barroso#fact", "Jean-Claude Barroso"),
    ("nato-eu/cloze-allies-non-ue#cloze-5", "Norway Turkey"),
    ("nato-eu/sigle-eupol#fact", "EU military mission in Afghanistan"),
    ("nato-eu/cloze-petersberg#cloze-1", "Petersburg"),
    ("nato-eu/consultations-russie#fact", "Ukraine"),
]


@pytest.mark.parametrize(("card_id", "typed"), RIGHT)
def test_a_right_wording_is_right_and_proposes_good(cards, card_id, typed) -> None:
    card = cards[card_id]
    check = check_spec(typed, card.expect, card.language)
    assert check.verdict is Verdict.CORRECT, check
    assert PROPOSED_RATING[check.verdict] is Rating.Good


@pytest.mark.parametrize(("card_id", "typed"), WRONG)
def test_a_wrong_answer_stays_wrong(cards, card_id, typed) -> None:
    card = cards[card_id]
    assert check_spec(typed, card.expect, card.language).verdict is Verdict.WRONG


def _card_id(question: TypedQuestion) -> str:
    """The study card a typed quiz question asks as well: the same item and side."""
    head, _, variant = question.id.partition("#q-typed-text")
    return f"{head}#{variant.removeprefix(':') or 'fact'}"


@pytest.mark.parametrize("deck_id", DECKS)
def test_a_typed_question_is_checked_as_its_study_card(cards, deck_id) -> None:
    """What the quiz grades right, study type-in mode proposes as Good, and the reverse."""
    deck = load_deck(DECKS[deck_id])
    compared = 0
    for seed in (555, 8080, 31337, 4242):
        for question in make_quiz(deck, 40, seed):
            if isinstance(question, TypedQuestion) and question.kind == "typed-text":
                assert question.expect == cards[_card_id(question)].expect, question.id
                compared += 1
    assert compared >= 10
