"""The deck loader and validator: every problem, at its line and column, never a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FIXTURES, REPO
from quiz_app.dates import DateSpec, Precision
from quiz_app.loader import MAX_FILE_BYTES, DeckError, check_file, check_text, errors, load_deck
from quiz_app.model import AnswerType, Blank, Cloze, Fact, FlashCard, Kind, TimelineEvent

BROKEN = FIXTURES / "broken"

# fixture -> (line, column, words the message must contain), for the first problem reported
EXPECTED_FIRST_PROBLEM = {
    "alias-bomb": (1, 4, "anchors"),
    "backwards-range": (6, 11, "does not end after it starts"),
    "bad-id": (5, 10, "not a valid id"),
    "bad-language": (3, 11, "language 'de' is not supported"),
    "bare-boolean-text": (7, 13, "'answer' must be text, not the boolean true"),
    "binary": (2, 1, "binary file"),
    "cloze-without-deletion": (6, 11, "no {{deletion}}"),
    "control-character": (5, 37, "U+0007"),
    "decimal-id": (5, 9, "'id' '1.5' reads as a decimal number"),
    "deep-nesting": (1, 101, "nested deeper"),
    "deep-nesting-in-a-deck": (7, 115, "nested deeper"),
    "duplicate-id": (7, 5, "duplicate id 'a' (first used at line 5)"),
    "duplicate-key": (4, 1, "duplicate key 'title'"),
    "empty-deck": (1, 1, "no items"),
    "empty-file": (1, 1, "file is empty"),
    "escape-sequence": (6, 15, "control character U+001B"),
    "empty-text": (5, 23, "'question' must not be empty"),
    "impossible-date": (6, 11, "month 2 of 2003 has 28 days"),
    "items-not-a-list": (5, 3, "'facts' must be a list of items"),
    "malformed-date": (6, 11, "malformed date"),
    "missing-deck-field": (1, 1, "missing required key 'title'"),
    "missing-required": (5, 5, "missing required key 'date'"),
    "not-a-mapping": (1, 1, "must be a mapping"),
    "not-utf8": (2, 11, "not UTF-8"),
    "python-tag": (6, 15, "!!python/object/apply:os.system"),
    "syntax-error": (6, 12, "never closed"),
    "two-documents": (6, 1, "one YAML document"),
    "unknown-key": (7, 5, "unknown key 'answr' in an item of 'facts'; did you mean 'answer'?"),
    "wrong-type-bool": (8, 14, "'reverse' must be true or false"),
    "wrong-type-list": (8, 13, "'accept' must be a list"),
    "wrong-type-mapping": (6, 15, "'question' must be text, not a mapping"),
}


def test_every_broken_fixture_has_an_expectation() -> None:
    assert {path.stem for path in BROKEN.glob("*.yaml")} == set(EXPECTED_FIRST_PROBLEM)


@pytest.mark.parametrize("name", sorted(EXPECTED_FIRST_PROBLEM))
def test_broken_fixture_points_at_the_problem(name: str) -> None:
    path = BROKEN / f"{name}.yaml"
    deck, problems = check_file(path)
    assert deck is None
    line, column, words = EXPECTED_FIRST_PROBLEM[name]
    first = problems[0]
    assert (first.line, first.column) == (line, column), str(first)
    assert words in first.message
    assert str(first).startswith(f"{path}:{line}:{column}: ")
    assert all("\n" not in str(problem) for problem in problems)


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "deck: many\ntitle: Many\nlanguage: en\n"
        "timelien: []\n"
        "timeline:\n"
        "  - {id: a, date: 2003-02-30, event: e}\n"
        "  - {id: a, date: '2003', event: e, tag: [x]}\n"
        "cloze:\n"
        "  - {id: c, text: plain}\n",
        encoding="utf-8",
    )
    _, problems = check_file(path)
    assert [(p.line, p.column) for p in problems] == [(4, 1), (6, 19), (7, 5), (7, 37), (9, 19)]
    assert "did you mean 'timeline'?" in problems[0].message
    assert "did you mean 'tags'?" in problems[3].message


def test_unknown_key_far_from_any_lists_the_keys(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "deck: d\ntitle: T\nlanguage: en\nzzz: 1\nfacts: [{id: a, question: q, answer: a}]\n"
    )
    _, problems = check_file(path)
    assert problems[0].message == "unknown key 'zzz' in the deck"
    assert problems[0].fix.startswith("use one of: deck, title, language")


def test_valid_deck_loads_into_the_model() -> None:
    deck = load_deck(FIXTURES / "valid" / "all-sections.yaml")
    assert (deck.id, deck.language, deck.tags) == ("all-sections", "fr", ("demo",))
    concordia = deck.timeline[0]
    assert isinstance(concordia, TimelineEvent)
    assert concordia.date == DateSpec.parse("2003-03-31")
    assert concordia.line == 8
    assert deck.tags_of(concordia) == ("demo", "operations", "2000s")
    assert deck.item("range").date.is_range  # type: ignore[union-attr]
    assert deck.item("year").date.precision == Precision.YEAR  # type: ignore[union-attr]
    fact = deck.facts[0]
    assert isinstance(fact, Fact)
    assert (fact.answer, fact.accept, fact.distractors, fact.kind) == (
        "22",
        ("vingt-deux",),
        ("21", "23", "27"),
        Kind(AnswerType.NUMBER),
    )
    card = deck.cards[0]
    assert isinstance(card, FlashCard) and card.reverse and card.front == "[/]"
    assert card.kind == Kind(AnswerType.TERM) and card.distractors == ("[italic]", "[dim]")
    cloze = deck.cloze[0]
    assert isinstance(cloze, Cloze) and cloze.deletions == ["Berlin plus", "2003"]
    assert cloze.kind == Kind(AnswerType.NAME) and cloze.distractors == ("Berlin moins",)
    assert cloze.blank("2003") == Blank("2003", Kind(AnswerType.YEAR), ("2004", "2001"), 51)
    assert cloze.blank("Berlin plus") == Blank(
        "Berlin plus", Kind(AnswerType.NAME), ("Berlin moins",), cloze.line
    )
    assert deck.item("haute-representante").kind == Kind(AnswerType.PERSON, "f")  # type: ignore[union-attr]


def test_items_and_blanks_are_what_their_constructors_make() -> None:
    """The loader sets a checked item's fields at once, without the dataclass's __init__:
    each item and blank has every field its constructor would give it, no other, and the
    model's classes have no __post_init__ that this would skip."""
    deck = load_deck(FIXTURES / "valid" / "all-sections.yaml")
    built = [*deck.items, *(blank for cloze in deck.cloze for blank in cloze.blanks)]
    assert {type(thing) for thing in built} == {TimelineEvent, Fact, FlashCard, Cloze, Blank}
    for thing in built:
        assert not hasattr(thing, "__post_init__")
        values = {field.name: getattr(thing, field.name) for field in dataclasses.fields(thing)}
        assert vars(thing) == vars(type(thing)(**values))


def test_kinds_and_blanks_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        "deck: d\ntitle: T\nlanguage: en\n"
        "facts:\n  - {id: a, question: Q, answer: A, kind: persn}\n"
        "cloze:\n  - id: c\n    text: 'The {{Treaty}}.'\n    blanks:\n      - answer: Traty\n"
    )
    messages = [problem.message for problem in check_file(path)[1]]
    assert messages[0] == "item 'a': unknown kind 'persn'; did you mean 'person'?"
    assert messages[1] == "item 'c': blank 'Traty' is not a {{deletion}} of the text"


def test_numbers_keep_the_text_the_author_wrote() -> None:
    deck = load_deck(FIXTURES / "valid" / "minimal.yaml")
    assert deck.facts[0].answer == "42"


def test_load_deck_raises_with_every_problem() -> None:
    with pytest.raises(DeckError) as raised:
        load_deck(BROKEN / "escape-sequence.yaml")
    assert len(raised.value.problems) == 2


def test_unreadable_paths_are_problems_not_exceptions(tmp_path: Path) -> None:
    _, missing = check_file(tmp_path / "absent.yaml")
    _, folder = check_file(tmp_path)
    assert "cannot read" in missing[0].message
    assert "is a folder" in folder[0].message


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"deck: huge\n" + b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    _, problems = check_file(path)
    assert len(problems) == 1 and "at most 5 MB" in problems[0].message


def test_alias_bomb_is_refused_quickly() -> None:
    _, problems = check_file(BROKEN / "alias-bomb.yaml")
    assert len(problems) == 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    deck, problems = check_text("fuzz.yaml", data)
    assert (deck is None) == bool(errors(problems))
    for problem in problems:
        assert str(problem).startswith("fuzz.yaml:") and "\n" not in str(problem)


_YAMLISH = st.text(alphabet="deck:titlanguagefrn- []{}&*!'\"#|>\n ,0123456789idqs", max_size=300)


@settings(max_examples=300, deadline=None)
@given(_YAMLISH)
def test_arbitrary_yaml_like_text_never_raises(text: str) -> None:
    deck, problems = check_text("fuzz.yaml", text.encode())
    assert (deck is None) == bool(errors(problems))


def test_the_documented_example_deck_is_valid(tmp_path: Path) -> None:
    doc = (REPO / "docs" / "decks.md").read_text(encoding="utf-8")
    example = doc.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    deck, problems = check_file(path)
    assert problems == []
    assert deck is not None and [
        len(deck.timeline),
        len(deck.facts),
        len(deck.cards),
        len(deck.cloze),
    ] == [1, 1, 1, 1]
