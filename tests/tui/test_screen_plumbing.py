"""How screens and widgets are wired (issue 16, item 5), read from their source.

Dependencies come one way: a screen receives the store, the clock, the decks and the
library's card ids in its constructor, and asks the app for anything else with a message
(quiz_app.tui.messages). So no screen or widget reads an attribute that QuizApp adds to
Textual's App, through `self.app.x`, `getattr(self.app, …)` or `cast("QuizApp", …)`.

Buttons are told apart by `@on(Button.Pressed, selector)`, one handler per button or
class of buttons, never by a handler that looks at which button it got.
"""

from __future__ import annotations

import ast
from pathlib import Path

from textual.app import App

import quiz_app.tui
from quiz_app.tui.app import QuizApp

TUI = Path(quiz_app.tui.__file__).parent
SCREENS_AND_WIDGETS = sorted([*(TUI / "screens").glob("*.py"), *(TUI / "widgets").glob("*.py")])


def _trees() -> dict[str, ast.Module]:
    return {path.name: ast.parse(path.read_text(encoding="utf-8")) for path in SCREENS_AND_WIDGETS}


def _quiz_app_names() -> set[str]:
    """What QuizApp adds to App: its methods and class attributes, and what it sets on self."""
    added = set(vars(QuizApp)) - set(dir(App))
    source = ast.parse(Path(quiz_app.tui.app.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(source):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and isinstance(node.ctx, ast.Store)
        ):
            added.add(node.attr)
    return added - set(dir(App))


def _is_app(node: ast.AST) -> bool:
    """`self.app`, `widget.app`, `screen.app`…"""
    return isinstance(node, ast.Attribute) and node.attr == "app"


def test_no_screen_or_widget_reads_what_quiz_app_adds_to_app() -> None:
    added = _quiz_app_names()
    assert {"library", "store", "now", "tell_undone"} <= added  # the check sees them
    found = []
    for name, tree in _trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _is_app(node.value) and node.attr in added:
                found.append(f"{name}:{node.lineno}: .app.{node.attr}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "getattr" and node.args and _is_app(node.args[0]):
                    found.append(f"{name}:{node.lineno}: getattr of the app")
                if node.func.id == "cast" and any(_is_app(arg) for arg in node.args):
                    found.append(f"{name}:{node.lineno}: cast of the app")
    assert not found


def _on_button_pressed(decorator: ast.expr) -> ast.Call | None:
    """The `@on(Button.Pressed, …)` call of a decorator, if it is one."""
    if (
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Name)
        and decorator.func.id == "on"
        and decorator.args
        and ast.unparse(decorator.args[0]) == "Button.Pressed"
    ):
        return decorator
    return None


def test_each_button_handler_has_a_selector() -> None:
    found = []
    handlers = 0
    for path in sorted(TUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            where = f"{path.relative_to(TUI)}:{node.lineno}: {node.name}"
            if node.name == "on_button_pressed":
                found.append(f"{where} serves every button")
            for decorator in node.decorator_list:
                if (call := _on_button_pressed(decorator)) is not None:
                    handlers += 1
                    if len(call.args) < 2 and not call.keywords:
                        found.append(f"{where} has no selector")
    assert handlers >= 5  # reveal, true, false, retry, quit, grades: the check sees them
    assert not found
