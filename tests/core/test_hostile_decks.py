"""Decks written to attack the learner's terminal: every control character a YAML escape
can make is refused at its line and column, and `textsafe.visible` shows what gets in
another way."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz_app.loader import check_text
from quiz_app.textsafe import first_unsafe, visible

# What the sweep found passing the loader: OSC 52 (clipboard), OSC 0 (title), OSC 8
# (link), clear-screen, and the one-byte C1 CSI.
ESCAPES = ["\\e]52;c;aGVsbG8=\\a", "\\e]0;owned\\a", "\\e]8;;http://x\\e\\\\", "\\e[2J", "\\x9b31m"]
ALLOWED = {"\n", "\t"}
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in ALLOWED]


def deck_with(field_text: str) -> bytes:
    return (
        "deck: d\ntitle: T\nlanguage: en\nfacts:\n"
        f'  - id: a\n    question: "{field_text}"\n    answer: x\n'
    ).encode()


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_yaml_escape_that_makes_a_terminal_sequence_is_refused(escape: str) -> None:
    deck, problems = check_text("d.yaml", deck_with(f"before {escape} after"))
    assert deck is None
    [problem] = problems
    assert (problem.line, problem.column) == (6, 15)
    assert "control character" in problem.message


@pytest.mark.parametrize("control", CONTROLS)
def test_every_c0_and_c1_control_but_newline_and_tab_is_refused(control: str) -> None:
    deck, problems = check_text("d.yaml", deck_with(f"x\\u{ord(control):04x}y"))
    assert deck is None, repr(control)
    assert f"U+{ord(control):04X}" in problems[0].message


def test_newline_and_tab_stay_allowed() -> None:
    deck, problems = check_text("d.yaml", deck_with("a\\tb\\nc"))
    assert problems == []
    assert deck is not None and deck.facts[0].question == "a\tb\nc"


def test_a_control_character_in_a_key_or_tag_is_refused_too() -> None:
    text = b'deck: d\ntitle: T\nlanguage: en\ntags: ["\\e[2J"]\nfacts: [{id: a, question: q, answer: a}]\n"\\e[2J": 1\n'
    deck, problems = check_text("d.yaml", text)
    assert deck is None
    assert all(first_unsafe(str(problem)) is None for problem in problems)


@given(st.text())
def test_visible_leaves_no_control_character_and_keeps_json_valid(text: str) -> None:
    shown = visible(text)
    assert first_unsafe(shown) is None
    encoded = json.dumps({"text": text}, ensure_ascii=False)
    assert json.loads(visible(encoded)) == {"text": text}


def test_visible_changes_nothing_else() -> None:
    text = "Défense [bold] 北約\tand\nmore"
    assert visible(text) == text
    assert visible("a\x1b]52;c;x\x07b\x9b") == "a\\u001b]52;c;x\\u0007b\\u009b"
