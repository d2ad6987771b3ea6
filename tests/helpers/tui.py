"""Helpers for the app's Pilot tests: wait until ready, read the screen."""

from __future__ import annotations

from time import monotonic

from textual import events


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


async def press_held(pilot, key: str, presses: int = 3, gap: float = 0.03) -> None:
    """`key` held down: its first press, then the repeats a terminal sends, `gap` seconds
    apart (each Key carries its time; Pilot's own presses are as far apart as the machine)."""
    start = monotonic()
    for n in range(presses):
        event = events.Key(key, "\r" if key == "enter" else None)
        event.time = start + n * gap
        pilot.app.post_message(event)
        await pilot.pause()
