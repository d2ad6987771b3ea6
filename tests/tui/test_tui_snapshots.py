"""SVG snapshots of every screen at 80×24, and of the main ones at 40×12 and 160×50 too,
with a fixed clock, seed and home dir.

The bundled decks are replaced by a small sample deck here, so that editing them does
not redraw every picture; the Pilot tests use the real ones. Update the snapshots with
`uv run pytest tests/test_tui_snapshots.py --snapshot-update`, look at the report, and
commit the files under tests/__snapshots__/.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from helpers.decks import BROKEN_DECK, MARKUP_DECK, SAMPLE_DECK
from helpers.tui import ready, settled
from quiz_app import i18n


def steps(*keys: str, deck_row: int | None = None):
    """run_before for snap_compare: wait for the decks, pick a deck row, press keys."""

    async def run(pilot) -> None:
        await ready(pilot)
        if deck_row is not None:
            pilot.app.screen.query_one("#decks", DataTable).move_cursor(row=deck_row)
        for key in keys:
            await pilot.press(key)
        await settled(pilot)  # the palette's hits, the stats' figures: all in

    return run


@pytest.fixture(autouse=True)
def sample_deck_only(tmp_path, monkeypatch) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "echantillon.fr.yaml").write_text(SAMPLE_DECK, encoding="utf-8")
    monkeypatch.setattr("quiz_app.library.bundled_decks_dir", lambda: bundled)


@pytest.fixture
def markup(user_deck) -> None:
    user_deck("markup.yaml", MARKUP_DECK)


def test_home(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), run_before=steps())


def test_home_with_a_broken_deck_and_markup(snap_compare, make_app, user_deck, markup) -> None:
    user_deck("broken.yaml", BROKEN_DECK)
    assert snap_compare(make_app(), run_before=steps(deck_row=1))


def test_study_no_color(snap_compare, make_app, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), run_before=steps("s", "space"))


def test_study_front(snap_compare, make_app) -> None:
    assert snap_compare(make_app(screen="study", deck="echantillon"), run_before=steps())


def test_study_back(snap_compare, make_app) -> None:
    assert snap_compare(make_app(screen="study", deck="echantillon"), run_before=steps("space"))


def test_study_typed_answer(snap_compare, make_app) -> None:
    keys = (
        "ctrl+t",
        *"fevrier 1992",
        "enter",
        "space",
        *"Saint-Malo",
        "enter",
    )  # right, then wrong
    assert snap_compare(make_app(screen="study", deck="echantillon"), run_before=steps(*keys))


def test_study_markup_card(snap_compare, make_app, markup) -> None:
    keys = ("space", "4") * 6 + ("space",)  # the last of today's 7 cards: the flashcard
    assert snap_compare(make_app(screen="study", deck="markup"), run_before=steps(*keys))


def test_study_summary(snap_compare, make_app, markup) -> None:
    keys = ("space", "4") * 7
    assert snap_compare(make_app(screen="study", deck="markup"), run_before=steps(*keys))


def test_quiz_choice(snap_compare, make_app, markup) -> None:
    assert snap_compare(make_app(screen="quiz", deck="markup"), run_before=steps("down"))


def test_quiz_choice_feedback(snap_compare, make_app, markup) -> None:
    assert snap_compare(make_app(screen="quiz", deck="markup"), run_before=steps("2"))


def test_quiz_typed(snap_compare, make_app, markup) -> None:
    keys = ("1", "enter", *"[/] back")
    assert snap_compare(make_app(screen="quiz", deck="markup"), run_before=steps(*keys))


def test_quiz_typed_feedback(snap_compare, make_app) -> None:
    keys = (*"1992", "enter")  # the first question is typed
    assert snap_compare(make_app(screen="quiz", deck="echantillon"), run_before=steps(*keys))


def test_quiz_true_false(snap_compare, make_app, markup) -> None:
    keys = ("1", "enter", "x", "enter", "enter")
    assert snap_compare(make_app(screen="quiz", deck="markup"), run_before=steps(*keys))


# The markup deck's quiz with seed 7 asks its order question ninth: these answer the
# eight before it (a choice, a typed answer, a true/false, then choices).
TO_THE_ORDER = ("1", "enter", "x", "enter", "enter", "t", "enter", *("1", "enter") * 5)


def test_quiz_order_moving(snap_compare, make_app, markup) -> None:
    keys = (*TO_THE_ORDER, "down", "space", "down")
    assert snap_compare(make_app(screen="quiz", deck="markup"), run_before=steps(*keys))


def test_quiz_order_feedback(snap_compare, make_app, markup) -> None:
    keys = (*TO_THE_ORDER, "enter")
    assert snap_compare(make_app(screen="quiz", deck="markup"), run_before=steps(*keys))


def test_quiz_results(snap_compare, make_app, markup) -> None:
    keys = (*TO_THE_ORDER, "enter", "enter", *"1997", "enter", "enter")
    assert snap_compare(make_app(screen="quiz", deck="markup", n=10), run_before=steps(*keys))


def test_browse(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), run_before=steps("b", "down"))


def test_browse_search_markup(snap_compare, make_app, markup) -> None:
    keys = ("b", "slash", *"quit", "enter")
    assert snap_compare(make_app(), run_before=steps(*keys, deck_row=1))


def test_help(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), run_before=steps("question_mark"))


def test_command_palette(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), run_before=steps("ctrl+p", *"quiz"))


def test_study_in_a_larger_terminal(snap_compare, make_app) -> None:
    app = make_app(screen="study", deck="echantillon")
    assert snap_compare(app, run_before=steps("space"), terminal_size=(120, 36))


# The main screens at the smallest and a large terminal (80×24 is every test's above).
MAIN_SCREENS = {
    "home": ({}, ()),
    "study-question": ({"screen": "study", "deck": "echantillon"}, ()),
    "study-answer": ({"screen": "study", "deck": "echantillon"}, ("space",)),
    "quiz": ({"screen": "quiz", "deck": "echantillon"}, (*"1992", "enter", "enter")),  # choices
    "browse": ({}, ("b",)),
}


@pytest.mark.parametrize("size", [(40, 12), (160, 50)], ids=lambda size: "{}x{}".format(*size))
@pytest.mark.parametrize("name", MAIN_SCREENS)
def test_main_screens_at_other_sizes(snap_compare, make_app, name, size) -> None:
    start, keys = MAIN_SCREENS[name]
    assert snap_compare(make_app(**start), run_before=steps(*keys), terminal_size=size)


@pytest.mark.parametrize(
    "size", [(40, 12), (80, 24), (160, 50)], ids=lambda size: "{}x{}".format(*size)
)
@pytest.mark.parametrize("name", MAIN_SCREENS)
def test_main_screens_in_french(snap_compare, make_app, name, size) -> None:
    i18n.set_language("fr")  # the conftest puts English back
    start, keys = MAIN_SCREENS[name]
    assert snap_compare(make_app(**start), run_before=steps(*keys), terminal_size=size)
