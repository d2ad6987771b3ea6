"""The command palette's page keys (issue 17, failure 8: ctrl+p then PageUp or PageDown
ended the app with a KeyError inside Textual's option list).

What was found, with Textual 8.2.8: pressed through Pilot, with or without a query, with
hits or none, the keys never fail, because each press waits for the layout. The KeyError
(`KeyError: 0`) is in `OptionList._move_page`, which reads the map of its lines, a map the
list rebuilds only once it has a size: hits replaced while the list has none (hidden, or
before the next layout, which a real terminal's keys can fall into) leave the map empty
and a page key raises. `quiz_app.tui.commands.Palette` does nothing on a page key then;
`test_page_keys_in_the_palette_do_not_end_the_app` makes that state, and fails
(KeyError: 0) with Textual's own palette."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from helpers.tui import highlighted, ready, screen_text, type_at_once, until

# Keys pressed at once with ctrl+p, before the list has its options.
PAGE_KEYS = [
    ["pageup"],
    ["pagedown"],
    ["pagedown", "pageup"],
    ["end", "pageup"],
    [*"zzqqxx", "pageup", "pagedown"],  # no command matches: an empty list
    ["down", "pagedown", "pagedown", "pageup", "pageup"],
]


async def close_the_palette(pilot) -> None:
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), "home")


async def test_page_keys_in_the_palette_do_not_end_the_app(make_app) -> None:
    """One app for every case: each way of paging in a palette opened afresh; a page key
    while new hits come to a list that has no size; and the language palette, guarded
    the same way."""
    from quiz_app.tui.commands import Palette

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for keys in PAGE_KEYS:
            await pilot.press("ctrl+p", *keys)  # at once: before the list has its options
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette), keys
            await type_at_once(pilot, "quiz")
            # the hits of what was typed (for zzqqxxquiz, the line that says none matches)
            await until(pilot, lambda: "quiz" in highlighted(app).lower(), "the hits")
            await pilot.press("pagedown", "pageup")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette), keys
            await close_the_palette(pilot)
        assert app.is_running

        # Before the hits have a size (fails with KeyError: 0 with Textual's own palette).
        for key in ("pageup", "pagedown"):
            await pilot.press("ctrl+p")
            await type_at_once(pilot, "quiz")
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, CommandPalette)
                    and app.screen.query_one(CommandList).option_count > 1
                ),
                "the hits",
            )
            hits = app.screen.query_one(CommandList)
            hits.display = False  # no size, as before the next layout
            await pilot.press("backspace")  # new hits, and a highlight, while it has no size
            await until(pilot, lambda: hits.highlighted is not None, "the new hits")  # noqa: B023
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette), key
            await close_the_palette(pilot)
        assert app.is_running

        app.action_choose_language()  # the language palette is the guarded one too
        await pilot.pause()
        assert isinstance(app.screen, Palette)
        await pilot.press("pagedown", "pageup")
        assert isinstance(app.screen, Palette)
    assert app.return_code in (0, None)


async def test_one_help_in_the_palette_and_no_match_said_in_the_interface_language(
    make_app,
) -> None:
    """Textual's Keys command is not offered (Help lists every key, translated), and a
    search that matches nothing says so in French, not in Textual's English."""
    from quiz_app import i18n

    i18n.set_language("fr")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Aide" in titles and not {"Keys", "Touches"} & set(titles), titles
        await pilot.press("ctrl+p")
        await type_at_once(pilot, "touches")
        await until(pilot, lambda: "Aucune commande" in screen_text(app), "the no-match line")
        await pilot.pause(0.8)  # longer than Textual's wait before its own 'No matches found'
        text = screen_text(app)
        assert "Aucune commande ne correspond à « touches »" in text.replace("\u202f", " ")
        assert "No matches" not in text
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press("ctrl+p")
        await type_at_once(pilot, "lang")  # the languages' list says it too
        await until(pilot, lambda: highlighted(app).startswith("Langue"), "Language")
        await pilot.press("enter")
        await type_at_once(pilot, "zz")
        await until(pilot, lambda: "Aucune commande" in screen_text(app), "the no-match line")
