"""The Textual app: the only part of quiz-app that imports textual.

`app.py` holds `QuizApp`; `screens/` one module per screen, each with its
`.tcss` next to it; `widgets/` the widgets the screens share; `sessions.py`
the study and quiz logic the screens drive, in plain Python.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz_app.tui.app import QuizApp

_collector_paused = False


def import_app() -> type[QuizApp]:
    """`QuizApp`, imported with the cyclic garbage collector paused until its first screen
    is drawn (`first_screen_drawn`). Start-up makes tens of thousands of long-lived objects
    (Textual's modules and classes, the decks), and the collector would sweep them again
    and again: about 25 ms, a tenth of the time to the home screen."""
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True
    from quiz_app.tui.app import QuizApp

    return QuizApp


def first_screen_drawn() -> None:
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.enable()
