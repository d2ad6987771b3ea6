"""The Textual app: the only part of quiz-app that imports textual.

`app.py` holds `QuizApp`; `screens/` one module per screen, each with its
`.tcss` next to it; `widgets/` the widgets the screens share. The study and
quiz logic the screens drive is `quiz_app/sessions.py`, in plain Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz_app import collector

if TYPE_CHECKING:
    from quiz_app.tui.app import QuizApp

_start_up_pause = False


def import_app() -> type[QuizApp]:
    """`QuizApp`, imported with the cyclic garbage collector paused until its first screen
    is drawn (`first_screen_drawn`). Start-up makes tens of thousands of long-lived objects
    (Textual's modules and classes, the decks), and the collector would sweep them again
    and again: about 25 ms, a tenth of the time to the home screen."""
    global _start_up_pause
    if not _start_up_pause:
        _start_up_pause = True
        collector.pause()
    from quiz_app.tui.app import QuizApp

    return QuizApp


def first_screen_drawn() -> None:
    """Ends the start-up pause, if `import_app` began one; called again, does nothing."""
    global _start_up_pause
    if _start_up_pause:
        _start_up_pause = False
        collector.resume()
