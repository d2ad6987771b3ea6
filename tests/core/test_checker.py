"""Answer checking, as tables in French and English: what passes, what is a typo, what fails."""

from __future__ import annotations

import unicodedata
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz_app import checker
from quiz_app.checker import (
    MAX_INPUT,
    AnswerSpec,
    Verdict,
    allowed_edits,
    check_date,
    check_number,
    check_response,
    check_spec,
    check_text,
    normalise,
    parse_date,
    parse_number,
    parse_response,
)
from quiz_app.dates import DateSpec, Precision
from quiz_app.i18n import french_typography
from quiz_app.model import AnswerType

C, T, W = Verdict.CORRECT, Verdict.TYPO, Verdict.WRONG


@pytest.mark.parametrize(
    ("given", "answer", "accept", "reject", "language", "verdict"),
    [
        # case, accents, punctuation, quotes, hyphens, whitespace
        ("concordia", "Concordia", (), (), "fr", C),
        ("  CONCORDIA  ", "Concordia", (), (), "en", C),
        ("Etat-major de l'Union europeenne", "État-major de l’Union européenne", (), (), "fr", C),
        ("etat major de l union europeenne", "État-major de l’Union européenne", (), (), "fr", C),
        ("« Berlin plus »", "Berlin plus", (), (), "fr", C),
        ("“Berlin Plus”!", "Berlin Plus", (), (), "en", C),
        ("Bosnie–Herzégovine", "Bosnie-Herzégovine", (), (), "fr", C),
        ("Aegean Sea", "the Aegean Sea", (), (), "en", C),  # one leading article never matters
        ("la Belgique", "Belgique", (), (), "fr", C),
        # accepted alternatives
        ("Operation Concordia", "Concordia", ("Operation Concordia",), (), "en", C),
        ("Macedonia", "the former Yugoslav Republic of Macedonia", ("Macedonia",), (), "en", C),
        (
            "politique européenne de sécurité et de défense",
            "European Security and Defence Policy",
            ("politique européenne de sécurité et de défense",),
            (),
            "en",
            C,
        ),
        # typos in proportion to length
        ("Concrodia", "Concordia", (), (), "en", T),  # a swap is one edit
        ("Concordai", "Concordia", (), (), "fr", T),
        ("Altea", "Althea", (), (), "en", T),
        (
            "Europeen Security and Defense Policy",
            "European Security and Defence Policy",
            (),
            (),
            "en",
            T,
        ),
        ("Concoria", "Concordia", ("Operation Concordia",), (), "en", T),
        ("Conkrdya", "Concordia", (), (), "en", W),  # three edits is too many for 9 letters
        ("UEA", "UEO", (), (), "fr", W),  # no typo allowed up to 3 characters
        ("NATO", "OTAN", (), (), "fr", W),
        # reject entries never pass, even when close
        ("Petersburg", "Petersberg", (), ("Petersburg",), "en", W),
        ("Petersbourg", "Petersberg", (), ("Petersbourg",), "fr", W),
        ("Petersbirg", "Petersberg", (), ("Petersburg",), "en", W),  # as close to the rejected one
        ("Petersbreg", "Petersberg", (), ("Petersburg",), "en", T),  # closer to the right one
        ("Atlanta", "Atalanta", ("Operation Atalanta",), ("Atlanta", "Althea"), "en", W),
        ("Concorde", "Concordia", (), ("Concorde",), "fr", W),
        # digits must match exactly, even inside text
        ("Standing NATO Maritime Group 1", "Standing NATO Maritime Group 2", (), (), "en", W),
        (
            "Groupe maritime permanent 2 de l'OTAN",
            "Groupe maritime permanent 2 de l'OTAN",
            (),
            (),
            "fr",
            C,
        ),
        ("2004", "2003", (), (), "en", W),
    ],
)
def test_check_text(given, answer, accept, reject, language, verdict) -> None:
    check = check_text(given, answer, accept, reject, language)
    assert check.verdict is verdict, check


def test_typo_shows_the_right_spelling_in_the_deck_language() -> None:
    fr = check_text("Concrodia", "Concordia", language="fr")
    assert fr.expected == "Concordia"
    assert french_typography("« Concordia »") in fr.message and "faute" in fr.message
    en = check_text("Operaton Concordia", "Concordia", ("Operation Concordia",), language="en")
    assert en.verdict is T
    assert en.expected == "Operation Concordia"  # the spelling the learner was aiming at
    assert "spelled" in en.message


@pytest.mark.parametrize(
    ("given", "answer", "wrong", "verdict"),
    [
        ("Petersburg", "Petersberg", ("Berlin", "Petersburg"), W),  # another answer of the deck
        (
            "Concordi",
            "Concordia",
            ("Concorde",),
            W,
        ),  # as near one as the other: not given the benefit
        ("Concordia", "Concorde", ("Concordia",), W),
        ("Concordai", "Concordia", ("Concorde",), T),  # nearer the right answer than the wrong one
        ("Altheo", "Althea", ("Athena",), T),
        ("Concordia", "Concordia", ("Concordia",), C),  # its own answer is never "wrong"
    ],
)
def test_known_wrong_answers_never_pass_as_typos(given, answer, wrong, verdict) -> None:
    assert check_text(given, answer, language="en", wrong=wrong).verdict is verdict


@pytest.mark.parametrize(
    ("given", "answer", "accept", "reject", "verdict"),
    [
        ("22", "22", ("vingt-deux",), (), C),
        ("vingt-deux", "22", ("vingt-deux",), (), C),
        ("Vingt deux", "22", ("vingt-deux",), (), C),
        ("twenty-two", "22", ("twenty-two",), (), C),
        ("vingt-trois", "22", ("vingt-deux",), (), W),
        ("23", "22", ("vingt-deux",), ("23",), W),
        ("21", "22", (), (), W),
        ("60 000", "60,000", ("60000",), (), C),
        ("60.000", "60 000", (), (), C),
        ("60,000", "60 000", (), (), C),
        ("60000", "60 000", (), (), C),
        ("6000", "60 000", (), ("6000",), W),
        ("600000", "60 000", (), (), W),
        ("2004", "2003", ("deux mille trois",), (), W),
        ("2003", "2003", (), (), C),
        ("deux mille trois", "2003", ("deux mille trois",), (), C),
        ("2,5", "2.5", (), (), C),
    ],
)
def test_check_number(given, answer, accept, reject, verdict) -> None:
    assert check_number(given, answer, accept, reject, "fr").verdict is verdict


DAY = DateSpec.parse("2003-03-31")
FIRST = DateSpec.parse("2003-03-01")
MONTH = DateSpec.parse("2003-03")
YEAR = DateSpec.parse("2003")
RANGE = DateSpec.parse("2008/2016")
DAYS = DateSpec.parse("2016-05-12/2016-05-13")


@pytest.mark.parametrize(
    ("given", "date", "verdict"),
    [
        ("2003", YEAR, C),
        ("en 2003", YEAR, C),
        ("2004", YEAR, W),
        ("03", YEAR, W),
        ("mars 2003", MONTH, C),
        ("March 2003", MONTH, C),
        ("Mar. 2003", MONTH, C),
        ("03/2003", MONTH, C),
        ("3/2003", MONTH, C),
        ("2003-03", MONTH, C),
        ("avril 2003", MONTH, W),
        ("04/2003", MONTH, W),
        ("31 mars 2003", DAY, C),
        ("le 31 mars 2003", DAY, C),
        ("31/03/2003", DAY, C),
        ("31.03.2003", DAY, C),
        ("March 31, 2003", DAY, C),
        ("March 31st 2003", DAY, C),
        ("31 March 2003", DAY, C),
        ("2003-03-31", DAY, C),
        ("03/31/2003", DAY, C),  # month first, when day first is impossible
        ("30 mars 2003", DAY, W),
        ("1er mars 2003", FIRST, C),
        ("1 mars 2003", FIRST, C),
        ("March 1st, 2003", FIRST, C),
        ("01/03/2003", FIRST, C),  # day first when both readings are possible
        # less precise than the item: wrong, with the precision asked for
        ("2003", DAY, W),
        ("mars 2003", DAY, W),
        ("2003", MONTH, W),
        # more precise than the item: the source simply says less
        ("mars 2003", YEAR, C),
        ("31 mars 2003", MONTH, C),
        ("mars 2004", YEAR, W),
        # ranges
        ("2008 – 2016", RANGE, C),
        ("2008-2016", RANGE, C),
        ("de 2008 à 2016", RANGE, C),
        ("from 2008 to 2016", RANGE, C),
        ("2008", RANGE, W),
        ("2008 – 2015", RANGE, W),
        ("12–13 mai 2016", DAYS, C),
        ("May 12–13, 2016", DAYS, C),
        ("du 12 au 13 mai 2016", DAYS, C),
        ("mai 2016", DAYS, W),
        ("2008 – 2016", YEAR, W),
    ],
)
def test_check_date(given, date, verdict) -> None:
    assert check_date(given, date, "fr").verdict is verdict
    assert check_date(given, date, "en").verdict is verdict


def test_years_before_1000() -> None:
    spec = DateSpec.parse("0843")
    assert spec.format("fr") == "843"
    assert check_date("843", spec, "fr").verdict is C
    assert check_date("0843", spec, "fr").verdict is C
    assert check_date("1", DateSpec.parse("0001"), "en").verdict is C
    assert check_date("août 843", DateSpec.parse("0843-08"), "fr").verdict is C


def test_date_messages_name_the_expected_precision() -> None:
    fr = check_date("2003", DAY, "fr")
    assert fr.expected == "31 mars 2003"
    assert "jour" in fr.message and "31 mars 2003" in fr.message
    en = check_date("March 2003", DAY, "en")
    assert en.expected == "31 March 2003"
    assert "day" in en.message
    assert "period" in check_date("2008", RANGE, "en").message
    assert "only gives the year" in check_date("March 2003", YEAR, "en").message
    assert "Date non reconnue" in check_date("hier", YEAR, "fr").message


@pytest.mark.parametrize(
    "spec",
    [
        DAY,
        FIRST,
        MONTH,
        YEAR,
        RANGE,
        DAYS,
        DateSpec.parse("2003-03/2004-05"),
        DateSpec.parse("2003-03-30/2003-04-02"),
    ],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_formatted_date_reads_back(spec, language) -> None:
    assert parse_date(spec.format(language)) == spec
    assert parse_date(spec.iso()) == spec


@pytest.mark.parametrize(
    "given", ["", "   ", "\n", "x" * (MAX_INPUT + 1), "Concordia\x00", "\x1b[31mConcordia", None]
)
def test_unusable_input_is_a_clear_wrong_verdict(given) -> None:
    for check in (
        check_text(given, "Concordia", language="en"),
        check_number(given, "22", language="fr"),
        check_date(given, DAY, language="fr"),
    ):
        assert check.verdict is W
        assert check.message and check.expected in check.message


def test_huge_input_is_refused_quickly() -> None:
    check = check_text("a" * 10_000_000, "Concordia", language="fr")
    assert check.verdict is W and "trop longue" in check.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L’Union  européenne !", "l union europeenne"),
        ("« Berlin plus »", "berlin plus"),
        ("Bosnie‑Herzégovine", "bosnie herzegovine"),
        ("ŒUVRE", "oeuvre"),
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_normalise(text, expected) -> None:
    assert normalise(text) == expected


def _normalise_char_by_char(text: str) -> str:
    """What `normalise` is, written as one loop over the characters (as it once was): the
    checker's own does the same with string methods, for speed."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURE_LETTERS))
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Mn", "Cf"):  # accents; soft hyphens and zero-width spaces
            continue
        if ch.isalnum():
            out.append(ch)
        elif ch in "'’‘`´ʼ′" or category[0] in "PSZC":
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).casefold().split())


_LIGATURE_LETTERS = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def test_normalise_treats_every_character_as_one_loop_over_them_would() -> None:
    """Every character of the scripts and symbols below U+3400, alone, between letters and
    between spaces (ǣ decomposes to æ and a macron: æ, not ae, as the loop gives)."""
    for start in range(0, 0x3400, 64):
        chunk = "".join(map(chr, range(start, start + 64)))
        for text in (chunk, "x".join(chunk), " ".join(chunk), "Ǣ œ"):
            assert normalise(text) == _normalise_char_by_char(text), hex(start)


def test_normalise_remembers_no_rare_code_point() -> None:
    """A hostile deck holding every code point must not leave a million remembered
    foldings: those from CJK on are worked out each time, and still right."""
    rare = "".join(map(chr, range(0x3400, 0x3400 + 5000, 7))) + "\U0001f600 \U00020000"
    assert normalise(rare) == _normalise_char_by_char(rare)
    assert normalise(rare) == _normalise_char_by_char(rare)  # not remembered wrong either
    assert not any(code >= 0x3400 for code in checker._FOLDING)


@settings(max_examples=300)
@given(st.text())
def test_normalise_is_the_loop_on_any_text(text: str) -> None:
    assert normalise(text) == _normalise_char_by_char(text)


def test_typo_allowance_grows_with_length() -> None:
    assert [allowed_edits(n) for n in (1, 3, 4, 7, 8, 14, 20, 40)] == [0, 0, 1, 1, 2, 2, 3, 6]


def test_parse_number() -> None:
    assert parse_number("60 000") == parse_number("60,000") == parse_number("60000") == 60000
    assert parse_number("1.234,5") == parse_number("1,234.5")
    assert parse_number("vingt") is None and parse_number("22 pays") is None


def _question(kind, answer, choices=None, answer_text="", language="fr", expect=None):
    return SimpleNamespace(
        kind=kind,
        answer=answer,
        choices=choices,
        answer_text=answer_text,
        language=language,
        expect=expect,
    )


@pytest.mark.parametrize(
    ("response", "verdict"),
    [
        (2, C),
        ("c", C),
        ("C", C),
        ("3", C),
        ("c)", C),
        (1, W),
        ("b", W),
        ("e", W),
        ("5", W),
        (True, W),
        ("", W),
    ],
)
def test_check_response_multiple_choice(response, verdict) -> None:
    question = _question("mc-date", 2, ("2001", "2002", "2003", "2004"), "2003")
    check = check_response(question, response)
    assert check.verdict is verdict
    assert check.expected == "c) 2003"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("v", True),
        ("Vrai", True),
        ("t", True),
        ("TRUE", True),
        ("oui", True),
        ("f", False),
        ("faux", False),
        ("False", False),
        ("non", False),
        ("peut-être", None),
        ("", None),
    ],
)
def test_true_false_answers(text, value) -> None:
    question = _question("true-false", True, answer_text="Vrai")
    assert parse_response(question, text) == value
    expected = C if value is True else W
    assert check_response(question, text).verdict is expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3 1 4 2", [2, 0, 3, 1]),
        ("3,1,4,2", [2, 0, 3, 1]),
        ("3142", [2, 0, 3, 1]),
        ("c a d b", [2, 0, 3, 1]),
        ("3 1 4", None),
        ("3 1 4 4", None),
        ("3 1 4 5", None),
        ("premier", None),
    ],
)
def test_order_answers(text, value) -> None:
    question = _question("order", [2, 0, 3, 1], ("a", "b", "c", "d"), "3 1 4 2")
    assert parse_response(question, text) == value
    assert check_response(question, text).verdict is (C if value else W)
    assert check_response(question, [2, 0, 3, 1]).verdict is C
    assert check_response(question, (2, 0, 3, 1)).verdict is C


def test_typed_responses_go_through_the_answer_spec() -> None:
    year = _question(
        "typed-year", "2003", expect=AnswerSpec("date", "2003", date=YEAR), language="en"
    )
    assert check_response(year, "2003").verdict is C
    assert check_response(year, "March 2003").verdict is C
    assert check_response(year, "2004").verdict is W
    assert parse_response(year, "no idea") is None  # asked again in line mode
    text = _question(
        "typed-text",
        "Petersberg",
        expect=AnswerSpec("text", "Petersberg", reject=("Petersburg",)),
        language="en",
    )
    assert check_response(text, "petersberg").verdict is C
    assert check_response(text, "Petersburg").verdict is W
    assert check_response(text, 42).verdict is W


# --- Fair dates and sentences (issue 12 item 4) --------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("fevrier 2016", "2016-02"),
        ("feburary 2016", "2016-02"),
        ("janvir 2016", "2016-01"),
        ("10 decembr 2016", "2016-12-10"),
        ("années 1990", "1990/1999"),
        ("the 1990s", "1990/1999"),
        ("1990s", "1990/1999"),
        ("1990-99", "1990/1999"),
        ("1990", "1990"),
    ],
)
def test_month_typos_and_decades_parse(typed: str, expected: str) -> None:
    assert str(parse_date(typed)) == expected


def test_a_month_typo_that_could_be_two_months_is_not_guessed() -> None:
    assert parse_date("juij 2003") is None  # juin or juil?


def test_a_year_question_answered_with_a_month_checks_the_month() -> None:
    march = DateSpec.parse("2006-03")
    right = check_date("mars 2006", march, "fr", asked=Precision.YEAR)
    assert right.verdict is Verdict.CORRECT and right.message == french_typography("Correct !")
    wrong = check_date("décembre 2006", march, "fr", asked=Precision.YEAR)
    assert wrong.verdict is Verdict.WRONG
    assert french_typography("l’année est juste, mais pas le mois") in wrong.message
    assert check_date("2006", march, "fr", asked=Precision.YEAR).verdict is Verdict.CORRECT
    assert check_date("mars 2007", march, "fr", asked=Precision.YEAR).verdict is Verdict.WRONG


def test_a_year_question_answered_with_a_wrong_day_says_the_day_is_wrong() -> None:
    """The year and month right, the day wrong: the message says so, not "wrong month"."""
    day = DateSpec.parse("2003-03-17")
    wrong = check_date("12 mars 2003", day, "fr", asked=Precision.YEAR)
    assert wrong.verdict is Verdict.WRONG
    assert french_typography("le mois est juste, mais pas le jour") in wrong.message
    english = check_date("12 March 2003", day, "en", asked=Precision.YEAR)
    assert english.message.startswith("Wrong: right month, wrong day.")
    month = check_date("17 April 2003", day, "en", asked=Precision.YEAR)
    assert month.message.startswith("Wrong: right year, wrong month.")


def test_a_decade_answers_a_range_item() -> None:
    nineties = DateSpec.parse("1990/1999")
    for typed in ("années 1990", "the 1990s", "1990-99"):
        assert check_date(typed, nineties, "fr").verdict is Verdict.CORRECT


def test_a_long_answer_in_other_words_is_never_plain_wrong() -> None:
    answer = "Une mise en œuvre efficace de moyens militaires et civils."
    paraphrase = check_text(
        "des moyens militaires et civils mis en oeuvre efficacement", answer, language="fr"
    )
    assert paraphrase.verdict is Verdict.CORRECT and not paraphrase.self_grade
    partial = check_text("des moyens civils", answer, language="fr")
    assert partial.self_grade and partial.message.startswith(french_typography("À vous de juger"))
    short = check_text("Oslo", "Berlin", language="fr")
    assert short.verdict is Verdict.WRONG and not short.self_grade


def test_the_same_words_in_another_order_are_right() -> None:
    """A typed name in another order ("Secretary General of NATO") is the answer; a part of
    it or other words are not."""
    answer = "NATO Secretary General"
    assert check_text("Secretary General of NATO", answer).verdict is Verdict.CORRECT
    assert check_text("Secretary General", answer).verdict is Verdict.WRONG
    assert check_text("NATO Secretary", answer).verdict is Verdict.WRONG
    other = "President of the European Commission"
    assert check_text("President of the European Council", other).verdict is Verdict.WRONG
    assert check_text("European Commission President", other).verdict is Verdict.CORRECT


# --- Fair grading of typed answers (issue 12): what frames an answer, persons, countries ---

LIBYA_CLOZE = "Complétez : … dans les Balkans occidentaux, en ____ et au Proche-Orient."
TURKEY_CLOZE = "Fill in the blank: … Albania, Canada, Iceland, Norway, ____ and the United States."
SMART_DEFENCE = (
    "Le Groupe OTAN-UE sur les capacités assure la transparence et la complémentarité entre "
    "l'initiative de l'UE sur la mutualisation et le partage et quels travaux de l'OTAN ?"
)
EUPOL = "What is EUPOL in Afghanistan?"
CAPACITY_CLOZE = "Fill in the blank: … building resilience, ____ building, cyber defence, …"
EXERCISES_CLOZE = (
    "Fill in the blank: December 2016 measure: conduct ____ and coordinated exercises."
)
SMART_DEFENCE_EN = "… between the EU's Pooling and Sharing initiative and which NATO work?"


@pytest.mark.parametrize(
    ("given", "answer", "accept", "prompt", "wrong", "verdict"),
    [
        # the answer with words of the prompt and articles or prepositions around it
        ("en Libye", "Libye", (), LIBYA_CLOZE, (), C),
        ("en Lbye", "Libye", (), LIBYA_CLOZE, (), T),
        (
            "les travaux sur la défense intelligente",
            "la défense intelligente",
            (),
            SMART_DEFENCE,
            (),
            C,
        ),
        ("ceux sur la défense intelligente", "la défense intelligente", (), SMART_DEFENCE, (), C),
        ("EU police mission in Afghanistan", "the EU Police Mission", (), EUPOL, (), C),
        (
            "European Union Police Mission in Afghanistan",
            "the EU Police Mission",
            ("European Union Police Mission",),
            EUPOL,
            (),
            C,
        ),
        ("defence capacity building", "defence capacity", (), CAPACITY_CLOZE, (), C),
        # wrong answers stay wrong, framed or not
        ("en Syrie", "Libye", (), LIBYA_CLOZE, (), W),
        ("pas la défense intelligente", "la défense intelligente", (), SMART_DEFENCE, (), W),
        ("la mutualisation", "la défense intelligente", (), SMART_DEFENCE, (), W),
        ("EU military mission in Afghanistan", "the EU Police Mission", (), EUPOL, (), W),
        ("capacity building", "defence capacity", (), CAPACITY_CLOZE, (), W),
        # a framing word that names another answer, or turns it into a list, is no frame
        ("Norway Turkey", "Turkey", (), TURKEY_CLOZE, ("Norway",), W),
        ("Turkey and the United States", "Turkey", (), TURKEY_CLOZE, ("the United States",), W),
        ("Turkey or Norway", "Turkey", (), TURKEY_CLOZE, (), W),
        # of a cloze text, only the words next to the blank frame it
        ("Albania Turkey", "Turkey", (), TURKEY_CLOZE, (), W),
        # another answer that is a common word, or names the answer's owner, still frames it
        ("parallel exercises", "parallel", (), EXERCISES_CLOZE, ("exercises",), C),
        ("NATO's Smart Defence", "Smart Defence", (), SMART_DEFENCE_EN, ("NATO",), C),
        (
            "les travaux de l'OTAN sur la défense intelligente",
            "la défense intelligente",
            (),
            SMART_DEFENCE,
            ("l'OTAN",),
            C,
        ),
        ("NATO Smart Defence", "Smart Defence", (), SMART_DEFENCE_EN, ("NATO",), W),
        # a question's words frame only what the prompt asks: without the prompt, no frame
        ("EU police mission in Afghanistan", "the EU Police Mission", (), "", (), W),
    ],
)
def test_words_that_only_frame_the_answer(given, answer, accept, prompt, wrong, verdict) -> None:
    spec = AnswerSpec("text", answer, accept, wrong=wrong, prompt=prompt)
    language = "fr" if "Complétez" in prompt or "OTAN" in prompt else "en"
    assert check_spec(given, spec, language).verdict is verdict


BARROSO_WRONG = ("Jean-Claude Juncker", "Donald Tusk", "Federica Mogherini")


@pytest.mark.parametrize(
    ("given", "answer", "wrong", "verdict"),
    [
        ("Durão Barroso", "José Manuel Barroso", BARROSO_WRONG, C),
        ("Durao Barroso", "José Manuel Barroso", BARROSO_WRONG, C),
        ("José Manuel Durão Barroso", "José Manuel Barroso", BARROSO_WRONG, C),
        ("Jose Manuel Durao Barroso", "José Manuel Barroso", BARROSO_WRONG, C),
        ("Manuel Barroso", "José Manuel Barroso", BARROSO_WRONG, C),
        ("Barroso", "José Manuel Barroso", BARROSO_WRONG, C),  # the surname alone
        ("Durão Barrosso", "José Manuel Barroso", BARROSO_WRONG, T),
        # another person, or a given name of another person, stays wrong
        ("Juncker", "José Manuel Barroso", BARROSO_WRONG, W),
        ("Jean-Claude Juncker", "José Manuel Barroso", BARROSO_WRONG, W),
        ("Jean-Claude Barroso", "José Manuel Barroso", BARROSO_WRONG, W),
        ("Durão", "José Manuel Barroso", BARROSO_WRONG, W),
        ("Manuel", "José Manuel Barroso", BARROSO_WRONG, W),
        # a surname two known persons share is no answer alone
        ("Bush", "George Bush", ("George W. Bush",), W),
        # a title is no personal name: its last word is not a surname
        ("General", "NATO Secretary General", (), W),
        ("Deputy NATO Secretary General", "NATO Secretary General", (), W),
        ("Council", "President of the European Council", (), W),
    ],
)
def test_a_person_is_named_by_the_surname_with_any_given_names(given, answer, wrong, verdict):
    spec = AnswerSpec("text", answer, wrong=wrong, kind=AnswerType.PERSON)
    assert check_spec(given, spec, "en").verdict is verdict


def test_given_names_make_a_surname_right_only_for_a_person() -> None:
    """The same name, answer of a term, is not read as a person's."""
    spec = AnswerSpec("text", "José Manuel Barroso", kind=AnswerType.TERM)
    assert check_spec("Durão Barroso", spec, "en").verdict is W
    assert check_spec("Barroso", spec, "en").verdict is W


@pytest.mark.parametrize(
    ("given", "answer", "kind", "verdict"),
    [
        ("Türkiye", "Turkey", AnswerType.COUNTRY, C),
        ("Turkiye", "Turkey", AnswerType.COUNTRY, C),
        ("Turquie", "Turkey", AnswerType.COUNTRY, C),
        ("Russian Federation", "Russia", AnswerType.COUNTRY, C),
        ("la Fédération de Russie", "la Russie", AnswerType.COUNTRY, C),
        (
            "l'ancienne République yougoslave de Macédoine",
            "la Macédoine du Nord",
            AnswerType.PLACE,
            C,
        ),
        ("North Macedonia", "the former Yugoslav Republic of Macedonia", AnswerType.COUNTRY, C),
        ("Great Britain", "the United Kingdom", AnswerType.COUNTRY, C),
        ("République tchèque", "la Tchéquie", AnswerType.COUNTRY, C),
        ("Turkiey", "Turkey", AnswerType.COUNTRY, T),
        # other countries, and the names of a term, stay wrong
        ("Greece", "Turkey", AnswerType.COUNTRY, W),
        ("Biélorussie", "la Russie", AnswerType.COUNTRY, W),
        ("Serbia", "North Macedonia", AnswerType.COUNTRY, W),
        ("Türkiye", "turkey", AnswerType.TERM, W),
        ("Türkiye", "Turkey", None, W),
    ],
)
def test_a_country_has_its_other_names(given, answer, kind, verdict) -> None:
    spec = AnswerSpec("text", answer, kind=kind)
    assert check_spec(given, spec, "fr").verdict is verdict


def test_an_answer_framed_as_another_known_answer_is_still_right() -> None:
    """« in Mons », accepted for another card, is Mons framed by a preposition: right here;
    a known answer that differs by more than framing words stays wrong."""
    spec = AnswerSpec("text", "at SHAPE", ("SHAPE", "Mons"), wrong=("in Mons", "Brussels"))
    assert check_spec("in Mons", spec, "en").verdict is C
    assert check_spec("Brussels", spec, "en").verdict is W
    assert check_spec("in Brussels", spec, "en").verdict is W


def test_possessives_frame_an_answer() -> None:
    spec = AnswerSpec("text", "the police component", ("police component",))
    assert check_spec("its police component", spec, "en").verdict is C
    assert check_spec("its military component", spec, "en").verdict is W
    french = AnswerSpec("text", "des tâches résiduelles", ("tâches résiduelles",))
    assert check_spec("ses tâches résiduelles", french, "fr").verdict is C
