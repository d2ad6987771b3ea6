"""Helpers for the app's Pilot tests: wait until ready, read the screen."""

from __future__ import annotations


async def ready(pilot) -> None:
    """Wait for the decks to load (in a thread started with the app) and the screen to settle."""
    for _ in range(500):
        if pilot.app.library is not None:
            break
        await pilot.pause(0.01)
    assert pilot.app.library is not None, "the decks did not load within 5 s"
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    """What the terminal shows, as plain lines (toasts included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
