"""The interface speaks the chosen language on every screen: no English word of the
interface under French, no French word of it under English."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input

from helpers.tui import highlighted, ready, screen_text, settled, type_at_once, until
from helpers.words import ENGLISH_ONLY, FRENCH_ONLY
from helpers.words import words as _words
from quiz_app import i18n
from quiz_app.preferences import save_ui_language
from quiz_app.tui.screens.quiz import QuizScreen


def _deck_words(app, deck_id: str) -> set[str]:
    """The words of the decks' text on screen: the titles and descriptions of every deck
    (home and the palette list them all), and everything `deck_id`'s cards say. Deck text
    is data and keeps its language (the English deck quotes a French source)."""
    from quiz_app.generator import cards_of

    words: set[str] = set()
    for deck in app.library.decks:
        words |= _words(f"{deck.title} {deck.description or ''} {deck.source or ''}")
        if deck.id == deck_id:
            for card in cards_of(deck):
                texts = (card.prompt, card.answer, card.source or "", card.note or "", *card.tags)
                words |= _words(" ".join(texts))
            for item in deck.items:
                words |= _words(" ".join(str(value) for value in vars(item).values()))
    return words


async def _tour(pilot, deck_id: str) -> dict[str, str]:
    """What home, help, the palette, study (question and answer), a quiz (question and
    feedback), browse and stats show, as a learner goes through them on `deck_id`."""
    app = pilot.app
    shown: dict[str, str] = {}
    await ready(pilot)
    while app.screen.deck.id != deck_id:
        await pilot.press("down")
    shown["home"] = screen_text(app)
    await pilot.press("f1")
    # the help writes its rows once its table has a width (after a refresh)
    await until(pilot, lambda: app.screen.query("#keys DataTable, DataTable#keys"), "help")
    keys = app.screen.query_one("#keys", DataTable)
    await until(pilot, lambda: keys.row_count > 0, "the help's rows")
    await pilot.pause()
    shown["help"] = screen_text(app)
    await pilot.press("escape", "ctrl+p")
    await until(pilot, lambda: highlighted(app), "the palette's commands")
    await pilot.pause()
    shown["palette"] = screen_text(app)
    await pilot.press("escape", "s")
    shown["study question"] = screen_text(app)
    await pilot.press("space")
    shown["study answer"] = screen_text(app)
    await pilot.press("escape", "q")
    await pilot.pause()
    assert isinstance(app.screen, QuizScreen)
    shown["quiz question"] = screen_text(app)
    form = app.screen.question.form
    keys = {"choice": ["1"], "true-false": ["t"], "order": ["enter"], "typed": ["x", "enter"]}
    await pilot.press(*keys[form])
    shown["quiz feedback"] = screen_text(app)
    await pilot.press("escape", "b")
    shown["browse"] = screen_text(app)
    await pilot.press("escape", "t")
    await settled(pilot)
    shown["stats"] = screen_text(app)
    return shown


# Words of the interface that each screen of the tour shows, in each language.
SPOKEN = {
    "fr": {
        "home": ("Réviser", "Paquet"),
        "help": ("Chaque touche de chaque écran",),
        "palette": ("Rechercher une commande…",),
        "study question": ("Voir la réponse",),
        "study answer": ("À revoir",),
        "browse": ("Parcourir",),
        "stats": ("rétention 30 j",),
    },
    "en": {
        "home": ("Study", "Deck"),
        "help": ("Every key of every screen",),
        "palette": ("Search for commands…",),
        "study question": ("Show answer",),
        "study answer": ("Again",),
        "browse": ("Browse",),
        "stats": ("30-day retention",),
    },
}


@pytest.mark.parametrize(
    ("language", "deck_id", "foreign"),
    [("fr", "otan-ue", ENGLISH_ONLY), ("en", "nato-eu", FRENCH_ONLY)],
)
async def test_every_screen_speaks_the_interface_language(
    make_app, language, deck_id, foreign
) -> None:
    """No word of the other language on any screen of the tour, and the words of this one
    where they belong."""
    i18n.set_language(language)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        shown = await _tour(pilot, deck_id)
        foreign = foreign - _deck_words(app, deck_id)
    leaks = {where: sorted(_words(text) & foreign) for where, text in shown.items()}
    assert {where: words for where, words in leaks.items() if words} == {}
    missing = {
        where: [word for word in words if word not in shown[where]]
        for where, words in SPOKEN[language].items()
    }
    assert {where: words for where, words in missing.items() if words} == {}


async def _choose_language(pilot, command: str, name: str) -> None:
    """Through the palette, as a learner: its Language command, then the language."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await type_at_once(pilot, command.casefold())
    await until(pilot, lambda: highlighted(app).startswith(command), "the Language command")
    await pilot.press("enter")
    await until(pilot, lambda: highlighted(app) != "", "the languages")
    await type_at_once(pilot, name.casefold())
    await until(pilot, lambda: highlighted(app) == name, name)
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette to close")
    await pilot.pause()


def _columns(app) -> list[str]:
    """Home's headings (none while home composes again)."""
    tables = app.screen.query("#decks").results(DataTable)
    return [column.label.plain for table in tables for column in table.columns.values()]


async def test_choosing_the_language_on_home_draws_it_again_in_that_language(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        home = app.screen
        await pilot.press("down")
        await _choose_language(pilot, "Language", "Français")
        assert app.screen is home and app.screen.sub_title == "Paquets"
        assert _columns(app)[:2] == ["Paquet", "Langue"]
        assert home.query_one("#decks", DataTable).row_count == len(app.library.entries)
        assert home.deck is app.library.decks[1] and home.focused is not None  # as it was
        text = screen_text(app)
        assert "Réviser" in text and "Parcourir" in text and "Study" not in text
        await _choose_language(pilot, "Langue", "English")
        assert app.screen is home and _columns(app)[:2] == ["Deck", "Lang"]
        assert "Study" in screen_text(app) and home.deck is app.library.decks[1]
        await _choose_language(pilot, "Language", "English")  # the one it speaks: drawn again
        assert _columns(app)[:2] == ["Deck", "Lang"]
        assert home.query_one("#decks", DataTable).row_count == len(app.library.entries)


async def test_the_running_app_speaks_the_language_the_settings_command_saves(
    make_app, home
) -> None:
    """`quiz-app settings ui_language=fr` while the app runs: it speaks French at its next
    look at the files (every two seconds), as it reloads a deck saved meanwhile."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.check_deck_files()  # the first look only takes note of the setting
        await settled(pilot)
        save_ui_language(home, "fr")  # what the settings command does
        app.check_deck_files()
        await until(pilot, lambda: _columns(app)[:2] == ["Paquet", "Langue"], "French")
        await pilot.pause(0.5)  # the app looks every two seconds: no change comes sooner
        assert "Réviser" in screen_text(app) and "Study" not in screen_text(app)
        save_ui_language(home, "auto")  # the tests' locale: English
        app.check_deck_files()
        await until(pilot, lambda: _columns(app)[:2] == ["Deck", "Lang"], "English")


async def _study_answer(pilot) -> None:
    await pilot.press("s", "space")


async def _quiz_answered(pilot) -> None:
    app = pilot.app
    await pilot.press("q")
    await until(pilot, lambda: isinstance(app.screen, QuizScreen), "the quiz")
    form = app.screen.question.form
    keys = {"choice": ["1"], "true-false": ["t"], "order": ["enter"], "typed": ["x", "enter"]}
    await pilot.press(*keys[form])


async def _browse(pilot) -> None:
    await pilot.press("b")


async def _stats(pilot) -> None:
    await pilot.press("t")
    await settled(pilot)


async def _help_over_study(pilot) -> None:
    await pilot.press("s", "f1")


_SPEAKING = {"fr": ("Language", "Français", ENGLISH_ONLY), "en": ("Langue", "English", FRENCH_ONLY)}


@pytest.mark.parametrize(
    ("open_screen", "language", "deck_id"),
    [
        *(
            (screen, "fr", "otan-ue")
            for screen in (_study_answer, _quiz_answered, _browse, _stats, _help_over_study)
        ),
        (_study_answer, "en", "nato-eu"),
        (_quiz_answered, "en", "nato-eu"),
    ],
)
async def test_choosing_the_language_redraws_the_screen_shown_and_those_under_it(
    make_app, open_screen, language, deck_id
) -> None:
    """From the palette, on any screen: its title, labels, buttons and tables speak the new
    language at once, as do the screens under it when they show again. (The deck speaks the
    new language too: a quiz's questions speak the deck's.)"""
    command, name, foreign = _SPEAKING[language]
    i18n.set_language("en" if language == "fr" else "fr")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        while app.screen.deck.id != deck_id:
            await pilot.press("down")
        await open_screen(pilot)
        await pilot.pause()
        shown, stack = type(app.screen), len(app.screen_stack)
        await _choose_language(pilot, command, name)
        assert type(app.screen) is shown and len(app.screen_stack) == stack  # as it was
        foreign = foreign - _deck_words(app, deck_id)
        leaks = {}
        for _under in range(stack):  # this screen, then each one under it as it shows again
            if words := _words(screen_text(app)) & foreign:
                leaks[type(app.screen).__name__] = sorted(words)
            if len(app.screen_stack) == 1:
                break
            await pilot.press("escape")
            await pilot.pause()
        assert len(app.screen_stack) == 1, "escape did not lead back to home"
    assert leaks == {}


def _heading_line(app, table: DataTable) -> str:
    """The line of the screen that shows the table's headings."""
    first = next(iter(table.columns.values())).label.plain
    return next(line for line in screen_text(app).splitlines() if line.startswith(f"  {first} "))


async def test_home_tells_a_decks_problems_again_in_the_new_language(make_app, user_deck) -> None:
    """Problems are written when a deck is read: choosing French reads the decks again, so
    home's list of problems speaks French, its fix included."""
    user_deck(
        "broken.yaml", "deck: broken\ntitle: Broken\nlanguage: en\nfacts:\n  - id: a\n\tx: y\n"
    )
    app = make_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await ready(pilot)
        assert "indented with a tab" in screen_text(app) and "= fix: " in screen_text(app)
        await _choose_language(pilot, "Language", "Français")
        told = "indentée par une tabulation"
        await until(pilot, lambda: told in screen_text(app), "French", timeout=30)
        assert "= correction" in screen_text(app) and "= fix: " not in screen_text(app)


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (160, 50)])
async def test_help_wraps_long_french_descriptions_instead_of_cutting_them(make_app, size) -> None:
    """The first keys of help ("Everywhere") show their whole description, on as many lines
    as it takes (it was cut at the box's edge: « … n'importe quel écra »)."""
    from quiz_app.tui.screens.help import HelpScreen, key_sections

    i18n.set_language("fr")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await pilot.pause()
        # the lines inside the help box (home shows beside it on a wide terminal), without
        # the scrollbar that stands among the words
        inside = [
            line[line.find("│") + 1 : line.rfind("│")]
            for line in screen_text(app).splitlines()
            if line.count("│") >= 2
        ]
        text = " ".join(inside)
        for bar in "▁▂▃▄▅▆▇█":
            text = text.replace(bar, " ")
        shown = " ".join(text.split())
        _where, everywhere = key_sections()[0]
        visible = everywhere[:1] if size[1] < 20 else everywhere
        for binding in visible:
            description = i18n._(binding.tooltip or binding.description)
            assert " ".join(description.split()) in shown, description


# The Due cells of browse's first rows, once their cards are answered as below.
DUE_CELLS = {"en": ("now", "in 10m"), "fr": ("maintenant", "dans 10 min")}


@pytest.mark.parametrize("size", [(40, 12), (80, 24)], ids=["40x12", "80x24"])
@pytest.mark.parametrize("language", ["en", "fr"])
async def test_headings_search_hint_and_due_cells_are_never_cut(
    make_app, home, language, size
) -> None:
    """At 40×12 and 80×24 the tables of home and browse show each column's heading whole
    (at 40×12 the count columns of home with their short headings, spelled out in the
    table's tooltip).

    Browse's search box shows its placeholder whole: the whole hint where it fits (80
    columns), else its first words (it was cut at 40: « Rechercher (/) : mots de l'énoncé,
    de »). So do the Due cells (« maintenant » and « dans 10 min » were cut to « maintena »,
    « dans 10 » in a column of 8): at 40 columns, browse shows the prompt and the Due."""
    from datetime import timedelta

    from helpers.decks import NOW
    from quiz_app.generator import cards_of
    from quiz_app.library import discover
    from quiz_app.scheduling import Rating
    from quiz_app.store import ProgressStore

    deck = discover(home).decks[0]  # the deck home highlights, which b browses
    first, second = cards_of(deck)[:2]
    with ProgressStore.for_home(home) as store:
        store.record_review(first.id, deck.id, Rating.Again, NOW - timedelta(minutes=1))
        store.record_review(second.id, deck.id, Rating.Good, NOW)  # the 10-minute step
    i18n.set_language(language)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        decks = app.screen.query_one("#decks", DataTable)
        headings = {"home": (decks, _heading_line(app, decks))}
        tooltip = str(decks.tooltip)
        await pilot.press("b")
        await until(pilot, lambda: app.screen.query("#search"), "browse")
        await pilot.pause()
        table = app.screen.query_one("#cards", DataTable)
        headings["browse"] = (table, _heading_line(app, table))
        search = app.screen.query_one("#search", Input)
        lines = screen_text(app).splitlines()
        line = next(line for line in lines if "(/)" in line)
        assert search.placeholder in line, line
        assert search.placeholder == str(search.tooltip) or size == (40, 12)
        for row, (card, due) in enumerate(zip((first, second), DUE_CELLS[language], strict=True)):
            assert due in [str(cell) for cell in table.get_row_at(row)]
            shown = next(line for line in lines if line.strip().startswith(card.prompt[:10]))
            assert f" {due} " in f"{shown} ", shown
    cut = {
        where: [column.label.plain for column in table.columns.values()]
        for where, (table, line) in headings.items()
        if not all(f" {column.label.plain} " in f"{line} " for column in table.columns.values())
    }
    assert cut == {}, [line for _table, line in headings.values()]
    if size == (40, 12):
        counts = [column.label.plain for column in decks.columns.values()][1:4]
        assert all(f"{heading}" in tooltip for heading in counts), tooltip
