"""The command palette's page keys (a Textual bug ended the app with a KeyError)."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from helpers.tui import ready


@pytest.mark.parametrize(
    "keys",
    [
        ["pageup"],
        ["pagedown"],
        ["pagedown", "pageup"],
        ["end", "pageup"],
        [*"zzqqxx", "pageup", "pagedown"],  # no command matches: an empty list
        ["down", "pagedown", "pagedown", "pageup", "pageup"],
    ],
)
async def test_page_keys_in_the_palette_do_not_end_the_app(make_app, keys: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *keys)  # at once: before the list has its options
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"quiz")
        await pilot.pause(0.3)
        await pilot.press("pagedown", "pageup")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
    assert app.return_code in (0, None)
