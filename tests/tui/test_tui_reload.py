"""Live reload: a deck file saved while the app runs is read again, with a notice; a save
that breaks the deck keeps its last good version and shows the errors."""

from __future__ import annotations

import os

from helpers.tui import ready, record_notices, screen_text, until

DECK = """\
deck: mine
title: {title}
language: en
facts:
  - {{id: a, question: Q?, answer: A}}
"""


def save(path, text: str) -> None:
    path.write_text(text)
    stamp = path.stat().st_mtime_ns + 2_000_000_000  # a later time, whatever the clock's grain
    os.utime(path, ns=(stamp, stamp))


async def test_a_saved_deck_is_reloaded_and_a_broken_save_keeps_the_last_good(
    make_app, user_deck
) -> None:
    path = user_deck("mine.yaml", DECK.format(title="First title"))
    app = make_app()
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.check_deck_files()  # the first look only takes note of the files
        await app.workers.wait_for_complete()
        assert app.library.find("mine").title == "First title"

        save(path, DECK.format(title="Second title"))
        app.check_deck_files()
        await until(pilot, lambda: app.library.find("mine").title == "Second title", "reload")
        await pilot.pause()
        assert "Second title" in screen_text(app)
        assert any(n.title == "Decks reloaded" and "mine.yaml" in n.message for n in notices)

        save(path, DECK.format(title="Broken: title"))
        app.check_deck_files()
        await until(pilot, lambda: any(n.severity == "error" for n in notices), "the errors")
        assert app.library.find("mine").title == "Second title", "the last good version"
        error = next(n for n in notices if n.severity == "error")
        assert "last good version" in error.title and "mine.yaml:2:" in error.message

        path.unlink()
        app.check_deck_files()
        await until(pilot, lambda: app.library.find("mine") is None, "the deck to go")
