"""Textual's Footer, drawn with the screen's first frame and rebuilt only when its keys change.

Textual's own Footer is empty until the first bindings change after mount, and then
recomposes (removes and mounts every key) on each change: opening a screen brings
several (mount, focus, resume, a widget's loading state), each a frame later. On the
home screen that was four rebuilds, a third of the start-up time, and two extra frames.
This one composes its keys at once, folds the changes before the next refresh into one
rebuild, and skips a rebuild that would show the same keys.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None  # what the keys were built from

    def __init__(self, *children: Widget, **options: Any) -> None:
        super().__init__(*children, **options)
        self.set_reactive(TextualFooter._bindings_ready, True)

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # What its data_bind will set (the palette key has none): else each key
                # mounts compact and is restyled twice over, 3 ms for the home screen's.
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def _keys_shown(self) -> tuple[object, ...]:
        """Everything the keys are composed from."""
        active = self.screen.active_bindings
        keys = [
            (
                binding.key,
                self.app.get_key_display(binding),
                binding.action,
                binding.description,
                binding.group,
                enabled,
                tooltip,
            )
            for _node, binding, enabled, tooltip in active.values()
            if binding.show
        ]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (
            tuple(keys),
            palette and palette[1:],
            self.show_command_palette,
            self.app.ENABLE_COMMAND_PALETTE,
        )

    def bindings_changed(self, screen: Screen) -> None:
        # As Textual's (8.2) does, but with at most one rebuild waiting.
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False  # a change from here on needs a rebuild of its own
        if not self.is_attached:  # its screen has gone
            return
        shown = self._keys_shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
