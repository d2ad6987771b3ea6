"""The bar at the top of every screen: the app's title and the screen's, drawn as Textual's
Header draws them, in one widget.

Textual's Header is four widgets (the bar, its icon, the title and the clock's space),
each styled, laid out and drawn with a screen's first frame, and it writes its title four
times as it mounts (a watcher for each of the app's and the screen's title and sub-title):
about a sixth of the time home took from the app's start to its first frame (~25 ms of
~140 ms, measured on a loaded machine). This one draws the same line, with the same
rules: the icon in the first eight cells, the title centred between them and the ten
cells Header keeps for a clock. As with Header, a click on the icon opens the command
palette and a click elsewhere makes the bar taller (and back).
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from quiz_app.i18n import _

ICON = "⭘"
ICON_WIDTH = 8  # Header's icon: its cells, padding included
CLOCK_WIDTH = 10  # and the clock's, on the right


class TitleBar(Widget):
    """The title of the app and of the screen, as `App.format_title` writes them."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"title-bar--icon-hover"}
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        background: $panel;
        color: $foreground;
        height: 1;
        content-align-vertical: middle;
        &.-tall {
            height: 3;
        }
        .title-bar--icon-hover {
            background: $foreground 10%;
        }
    }
    """

    _icon_hovered = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            for name in ("title", "sub_title"):
                self.watch(node, name, self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = app.format_title(
            screen.title if screen.title is not None else app.title,
            screen.sub_title if screen.sub_title is not None else app.sub_title,
        )
        room = max(0, self.size.width - ICON_WIDTH - CLOCK_WIDTH)
        title = title.truncate(room, ellipsis=True)
        icon = Content(f" {ICON}".ljust(ICON_WIDTH))
        if self._icon_hovered:
            hover = self.get_component_styles("title-bar--icon-hover").background
            icon = icon.stylize(Style(background=hover))
        return Content.assemble(icon, " " * ((room - title.cell_length) // 2), title)

    def _on_icon(self, x: int) -> bool:
        return x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE

    def on_mouse_move(self, event: events.MouseMove) -> None:
        on_icon = self._on_icon(event.x)
        if on_icon != self._icon_hovered:
            self._icon_hovered = on_icon
            self.tooltip = _("Open the command palette") if on_icon else None
            self.refresh()

    def on_leave(self) -> None:
        if self._icon_hovered:
            self._icon_hovered = False
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if self._on_icon(event.x):
            await self.run_action("app.command_palette")
        else:
            self.toggle_class("-tall")
