"""The loader's two ways through YAML give the same decks and the same problems.

libyaml's C parser composes the tree, unless a file may hold an anchor, an alias or a
tag (then the parser's events are read first, to refuse them where they are written);
where libyaml is missing, PyYAML's own parser does the same, slower."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from helpers import FIXTURES
from quiz_app import loader
from quiz_app.loader import MAX_DEPTH, check_file, check_text

DECK_FILES = sorted(
    path
    for folder in ("valid", "broken", "mistakes", "lint")
    for path in (FIXTURES / folder).glob("*.yaml")
)
HEADER = "deck: d\ntitle: T\nlanguage: en\n"


def _everything(deck_and_problems: tuple) -> tuple:
    deck, problems = deck_and_problems
    return deck, [(p.line, p.column, p.message, p.fix, p.excerpt, p.warning) for p in problems]


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_pyyaml_s_own_parser_gives_what_libyaml_gives(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_libyaml = _everything(check_file(path))
    monkeypatch.setattr(loader, "Composer", loader.PythonComposer)
    assert _everything(check_file(path)) == with_libyaml


@pytest.mark.parametrize(
    ("lines", "question", "answer"),
    [
        # in words and in quotes: text
        ('question: "Q&A: R&D, *really*!"\n    answer: R&D\n', "Q&A: R&D, *really*!", "R&D"),
        ("question: !!str Q\n    answer: ! A\n", "Q", "A"),  # tags that restate text: allowed
    ],
)
def test_signs_that_could_start_an_anchor_or_a_tag_but_do_not_are_text(
    lines: str, question: str, answer: str
) -> None:
    deck, problems = check_text("d.yaml", f"{HEADER}facts:\n  - id: a\n    {lines}".encode())
    assert problems == []
    assert deck is not None and (deck.facts[0].question, deck.facts[0].answer) == (question, answer)


def _nested_lists(depth: int) -> str:
    """`depth` block lists, one in the other, each a level deeper: `- - - x`."""
    return (
        "".join(f"{'  ' * level}-\n" for level in range(depth - 1)) + f"{'  ' * (depth - 1)}- x\n"
    )


@pytest.mark.parametrize("composer", ["Composer", "PythonComposer"])
def test_nesting_is_refused_past_the_limit_exactly_at_its_place(
    composer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "Composer", getattr(loader, composer))
    _deck, deepest_allowed = check_text("d.yaml", _nested_lists(MAX_DEPTH).encode())
    assert "must be a mapping" in deepest_allowed[0].message
    _deck, too_deep = check_text("d.yaml", _nested_lists(MAX_DEPTH + 1).encode())
    assert (too_deep[0].line, too_deep[0].column) == (MAX_DEPTH + 1, 2 * MAX_DEPTH + 1)
    assert f"nesting deeper than {MAX_DEPTH} levels" in too_deep[0].message


def test_a_hundred_thousand_nested_lists_are_refused_without_composing_them() -> None:
    _deck, problems = check_text("d.yaml", ("- " * 100_000 + "x\n").encode())
    assert (problems[0].line, problems[0].column) == (1, 2 * MAX_DEPTH + 1)
    assert "nesting deeper" in problems[0].message


def test_line_breaks_of_any_kind_make_no_control_character_in_text() -> None:
    """Only an escape makes a control character (the loader looks for them only in files
    that hold one): YAML reads CR, CRLF and NEL as line breaks."""
    block = "one\r      two\x85      three"
    text = f"{HEADER}facts:\n  - id: a\n    answer: a\n    question: |\n      {block}\n"
    deck, problems = check_text("d.yaml", text.replace("\n", "\r\n").encode())
    assert problems == []
    assert deck is not None and deck.facts[0].question == "one\ntwo\nthree"
    escaped = f'{HEADER}facts: [{{id: a, question: "one\\rtwo", answer: a}}]\n'
    _deck, problems = check_text("d.yaml", escaped.encode())
    assert "control character U+000D" in problems[0].message


def test_a_comment_glued_to_plain_text_is_told_in_a_file_of_crlf_lines() -> None:
    text = f"{HEADER}facts:\n  - id: a\n    question: Which TEU #article?\n    answer: a\n"
    deck, problems = check_text("d.yaml", text.replace("\n", "\r\n").encode())
    assert deck is not None
    [warning] = problems
    assert (warning.line, warning.column, warning.warning) == (6, 25, True)
    assert "'#article?' is not part of the text" in warning.message


def test_a_thread_with_a_small_stack_reads_deep_nesting_without_running_out_of_it() -> None:
    """Deck files are read in worker threads, whose stack may be 128 kB: 999 nested levels
    composed in C without counting (libyaml's own limit is 1,000) overflow it and end the
    process. Counting nesting as the tree is composed stops at 64 levels, on every path."""
    found: list[str] = []

    def read() -> None:
        for text in ("- " * 999 + "x", "".join(f"{'  ' * level}-\n" for level in range(999))):
            found.append(check_text("d.yaml", text.encode())[1][0].message)

    previous = threading.stack_size(128 * 1024)
    try:
        thread = threading.Thread(target=read)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    assert found == [f"nesting deeper than {MAX_DEPTH} levels"] * 2
