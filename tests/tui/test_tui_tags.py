"""Studying and quizzing by tag in the app: from the command line and the command palette."""

from __future__ import annotations

from helpers.tui import highlighted, ready, type_at_once, until
from quiz_app.tui.screens.quiz import QuizScreen
from quiz_app.tui.screens.study import StudyScreen


async def test_quiz_on_a_tag_asks_only_about_its_items(make_app) -> None:
    app = make_app(screen="quiz", deck="nato-eu", tags=("berlin-plus",))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        deck = screen.deck
        assert deck.items and all("berlin-plus" in deck.tags_of(item) for item in deck.items)
        assert len(deck.items) < len(app.library.find("nato-eu").items)


async def test_study_on_a_tag_shows_only_its_cards(make_app) -> None:
    app = make_app(screen="study", deck="nato-eu", tags=("berlin-plus", "membership"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.card is not None
        assert {"berlin-plus", "membership"} & set(screen.card.tags)


async def test_the_command_palette_studies_a_tag(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_at_once(pilot, "study tag: berlin-plus")
        await until(pilot, lambda: highlighted(app) == "Study tag: berlin-plus", "the hit")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.card is not None
        assert "berlin-plus" in screen.card.tags


async def test_the_palettes_tag_commands_speak_the_interface_language(make_app) -> None:
    """The tag commands' titles and help lines are translated, as the deck commands are."""
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    from quiz_app import i18n

    i18n.set_language("fr")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_at_once(pilot, "réviser berlin-plus")
        title = "Réviser l’étiquette\u202f: berlin-plus"
        await until(pilot, lambda: highlighted(app) == title, "the hit")
        assert isinstance(app.screen, CommandPalette)
        hits = app.screen.query_one(OptionList)
        assert hits.highlighted is not None
        help_line = str(hits.get_option_at_index(hits.highlighted).prompt).split("\n")[1]
        assert help_line.startswith("Réviser les cartes du jour étiquetées berlin-plus (")
