"""The usual slips of a deck author: each gets plain words, its line with a caret, and the fix."""

from __future__ import annotations

import re

import pytest

from helpers import FIXTURES
from helpers.words import ENGLISH_ONLY, words
from quiz_app import i18n
from quiz_app.i18n import french_typography
from quiz_app.loader import check_file, errors

MISTAKES = FIXTURES / "mistakes"

# fixture -> (line, column, words of the message, words of the fix)
EXPECTED = {
    "colon-in-text": (7, 30, "contains ': '", 'event: "The Treaty of Rome: the EEC is founded"'),
    "bracket-at-start": (7, 12, "starts with '[' must be in quotes", 'event: "[draft] The'),
    "asterisk-at-start": (7, 12, "starts with '*' must be in quotes", 'event: "*Eurozone* members'),
    "ampersand-at-start": (7, 12, "anchors (&more) are not allowed", "starts with '&', put"),
    "exclamation-at-start": (7, 12, "tag '!important'", "starts with '!', put"),
    "at-sign-at-start": (7, 12, "starts with '@' must be in quotes", 'event: "@EU the'),
    "quote-then-words": (7, 12, "starts with a quote", r'event: "\"Rome\" is where'),
    "indented-more": (7, 7, "indented more than the line above", "column 5"),
    "indented-less": (7, 4, "indented less than the line above", "column 5"),
    "tab-indent": (6, 1, "indented with a tab", "replace the tab with spaces"),
    "unclosed-quote": (
        7,
        12,
        'quote (") that opens this text is never closed',
        'end the text with "',
    ),
    "unclosed-bracket": (4, 7, "starts a list that is never closed", "close it with ']'"),
    "missing-dash": (8, 5, "a new item must start with '- '", "'- id: maastricht'"),
    "dash-without-space": (5, 3, "needs a space after its '-'", "a dash and a space"),
    "colon-without-space": (6, 9, "needs a space after its ':'", "write date: followed by a space"),
    "key-without-colon": (2, 1, "no ':' after its key", "a colon and a space"),
    "date-day-first": (6, 11, "item 'rome': '25/03/1957'", "write dates as YYYY-MM-DD: 1957-03-25"),
    "date-unpadded": (6, 11, "'1957-3-25'", "did you mean 1957-03-25?"),
    "anki-cloze": (6, 11, "Anki's cloze syntax", "write {{three}} instead of {{c1::three}}"),
    "reverse-yes": (8, 14, "'reverse' must be true or false", "write reverse: true"),
    "hash-in-text": (6, 40, "starts a comment", '"Which article of the TEU #lets a state'),
    "list-item-indented-more": (8, 5, "list item is indented more than the item above", "column 3"),
    "list-item-indented-less": (8, 2, "list item is indented less than the item above", "column 3"),
    "duplicate-key": (8, 5, "duplicate key 'date' (first at line 6)", "keep one of the two"),
    "month-and-day-swapped": (6, 11, "month 26 is not 1-12", "did you mean 2003-02-26?"),
    "true-as-text": (7, 13, "must be text, not the boolean true", 'answer: "true"'),
    "decimal-number-as-id": (5, 9, "reads as a decimal number", 'put it in quotes: "1.10"'),
    "missing-answer": (5, 5, "item 'seat': an item of 'facts' is missing", "answer: …"),
    "misspelt-key": (7, 5, "unknown key 'answr'", "write answer: instead of answr:"),
    "items-without-dashes": (5, 3, "must be a list of items, not a mapping", "'- '"),
}
PARSER_JARGON = (
    "while parsing",
    "while scanning",
    "did not find expected",
    "mapping values are not allowed",
    "could not find expected",
    "cannot start any token",
    "block mapping",
    "YAML syntax error",
)


def test_every_mistake_fixture_has_an_expectation() -> None:
    assert {path.stem for path in MISTAKES.glob("*.yaml")} == set(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("folder", ["mistakes", "broken"])
def test_no_message_speaks_the_parser_s_jargon(folder: str) -> None:
    for path in sorted((FIXTURES / folder).glob("*.yaml")):
        for problem in check_file(path)[1]:
            assert not any(jargon in problem.report() for jargon in PARSER_JARGON), problem


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_mistake_is_explained_at_its_line_with_a_caret_and_the_fix(name: str) -> None:
    path = MISTAKES / f"{name}.yaml"
    _, problems = check_file(path)
    line, column, words, fix_words = EXPECTED[name]
    first = problems[0]
    assert (first.line, first.column) == (line, column), first.report()
    assert words in first.message
    assert fix_words in first.fix
    source = path.read_text(encoding="utf-8").splitlines()[line - 1]
    report = first.report().splitlines()
    assert report[0] == str(first)
    assert report[1].endswith(source.expandtabs(1))
    caret = report[2]
    assert caret.index("^") - caret.index("|") - 2 == column - 1
    assert report[3].endswith(f"fix: {first.fix}")
    for problem in problems:
        assert not any(jargon in problem.report() for jargon in PARSER_JARGON), problem.report()


def test_a_comment_cut_from_text_is_a_warning_and_the_deck_still_loads() -> None:
    deck, problems = check_file(MISTAKES / "hash-in-text.yaml")
    assert deck is not None and deck.facts[0].question == "Which article of the TEU"
    assert problems and not errors(problems) and problems[0].warning
    assert str(problems[0]).split(": ", 1)[1].startswith("warning: ")


def test_an_ordinary_trailing_comment_is_not_a_warning(tmp_path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "deck: d   # the id\ntitle: A title   # shown\nlanguage: en\n"
        "facts:\n  - {id: a, question: Why?, answer: Because}  # a comment\n"
    )
    assert check_file(path)[1] == []


def test_a_missing_dash_gives_one_message_not_one_per_key() -> None:
    _, problems = check_file(MISTAKES / "missing-dash.yaml")
    assert len(problems) == 1


@pytest.mark.parametrize("name", ["deep-nesting", "deep-nesting-in-a-deck"])
def test_a_long_line_is_shown_around_its_column(name: str) -> None:
    path = FIXTURES / "broken" / f"{name}.yaml"
    problem = check_file(path)[1][0]
    source = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    excerpt, caret = problem.report(width=60).splitlines()[1:3]
    assert len(excerpt) < 80 and "…" in excerpt
    column = caret.index("^")
    assert excerpt[column] == source[problem.column - 1]
    assert excerpt[column - 5 : column + 5] in source


@pytest.mark.parametrize("folder", ["mistakes", "broken"])
def test_under_french_every_problem_and_fix_is_french(folder: str) -> None:
    """The loader's messages and fixes, and the '= fix:' label, speak the interface
    language: under French, no English word of the interface but the deck's own."""
    told = {}
    for path in sorted((FIXTURES / folder).glob("*.yaml")):
        i18n.set_language("fr")  # the fixture puts English back
        french = [problem.report() for problem in check_file(path)[1]]
        i18n.set_language("en")
        english = [problem.report() for problem in check_file(path)[1]]
        own = {
            word.casefold() for word in re.findall(r"[^\W\d_]+", path.read_text(errors="replace"))
        }
        leaks = sorted(set().union(*map(words, french)) & ENGLISH_ONLY - own)
        told[path.stem] = (leaks, french != english)
        assert all("= fix:" not in report for report in french), french
    assert {name: said for name, said in told.items() if said != ([], True)} == {}


def test_a_problem_speaks_the_language_of_its_finding() -> None:
    """Problems are written when found (a change of language reads the decks again):
    French words, French typography, and the English of the tests otherwise."""
    i18n.set_language("fr")
    problem = check_file(MISTAKES / "misspelt-key.yaml")[1][0]
    i18n.set_language("en")
    assert problem.message == french_typography(
        "élément 'seat' : clé inconnue 'answr' dans un élément de 'facts' ; "
        "vouliez-vous dire 'answer' ?"
    )
    assert problem.fix == "écrivez answer: au lieu de answr:"
    i18n.set_language("fr")
    assert problem.report().endswith(french_typography("= correction : ") + problem.fix)
    warning = check_file(MISTAKES / "hash-in-text.yaml")[1][0]
    assert str(warning).split(": ", 1)[1].startswith(french_typography("attention : "))
