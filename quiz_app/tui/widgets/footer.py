"""The key bar at the bottom of every screen, drawn with the screen's first frame.

Built on Textual's public API alone (`Screen.active_bindings`, the screen's
`bindings_updated_signal`, `App.get_key_display`, `App.simulate_key`), with the look of
Textual's Footer (the same rules and theme variables). Textual's own Footer is empty
until the bindings first change after mount, and then removes and mounts every key on
each change: opening a screen brings several (mount, focus, resume, a widget's loading
state), each a frame later. This one composes its keys at once, folds the changes before
the next refresh into one rebuild, and skips a rebuild that would show the same keys.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widget import Widget

from quiz_app.i18n import _
from quiz_app.tui.widgets.tables import NARROW

# One key as the footer shows it: key, key display, description, enabled, tooltip.
KeyShown = tuple[str, str, str, bool, str]
# The keys kept when not all fit: help (it lists every key) and the way back.
KEPT_KEYS = ("question_mark", "f1", "escape")


class FooterKey(Widget):
    """A key and what it does; a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    FooterKey {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, shown: KeyShown, *, classes: str = "") -> None:
        key, key_display, description, enabled, tooltip = shown
        super().__init__(classes=classes if enabled else f"{classes} -disabled")
        self.key = key
        self.key_display = key_display
        self.description = description
        self.enabled = enabled
        if tooltip:
            self.tooltip = tooltip

    @property
    def cells(self) -> int:
        """How wide the key is drawn, its padding and border included."""
        return self.render().cell_len + self.styles.gutter.width

    def render(self) -> Text:
        key_padding = self.get_component_styles("footer-key--key").padding
        description_padding = self.get_component_styles("footer-key--description").padding
        label = Text.assemble(
            (
                " " * key_padding.left + self.key_display + " " * key_padding.right,
                self.get_component_rich_style("footer-key--key"),
            ),
            (
                " " * description_padding.left + self.description + " " * description_padding.right,
                self.get_component_rich_style("footer-key--description"),
            ),
        )
        label.stylize_before(self.rich_style)
        return label

    def on_mouse_down(self) -> None:
        if self.enabled:
            self.app.simulate_key(self.key)
        else:
            self.app.bell()


class Footer(ScrollableContainer, can_focus=False, can_focus_children=False):
    """The keys of the screen's active bindings, and the command palette's key on the right."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    Footer {
        layout: horizontal;
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        scrollbar-size: 0 0;
        FooterKey.-command-palette {  /* on the right, and compact */
            dock: right;
            padding-right: 1;
            border-left: vkey $foreground 20%;
            .footer-key--key {
                padding: 0;
            }
            .footer-key--description {
                padding: 0 0 0 1;
            }
        }
    }
    """

    _rebuild_pending = False
    _shown: tuple[tuple[KeyShown, ...], KeyShown | None] | None = None  # what the keys show

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
        keys, palette = self._shown
        for shown in keys:
            yield FooterKey(shown)
        if palette is not None:
            yield FooterKey(palette, classes="-command-palette")

    def _keys_shown(self) -> tuple[tuple[KeyShown, ...], KeyShown | None]:
        """The keys to show, then the command palette's (None when it has none)."""
        app = self.app
        active = self.screen.active_bindings
        keys: dict[str, KeyShown] = {}  # one key per action: the first bound
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = self._shown_key(binding, enabled, tooltip)
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = self._shown_key(binding, enabled, binding.tooltip or binding.description)
            if app.size.width < NARROW:  # its key alone: room for the screen's keys
                palette = (*palette[:2], "", *palette[3:])
        return tuple(keys.values()), palette

    def _shown_key(self, binding: Binding, enabled: bool, tooltip: str) -> KeyShown:
        # Binding descriptions and tooltips are class attributes, evaluated at import and
        # marked with N_: they are translated here, in the interface language of the moment.
        return (
            binding.key,
            self.app.get_key_display(binding),
            _(binding.description) if binding.description else "",
            enabled,
            _(tooltip) if tooltip else "",
        )

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._fit)

    async def on_resize(self) -> None:
        if self._keys_shown() != self._shown:  # the palette's word comes or goes
            await self.recompose()
        self._fit()

    def _fit(self) -> None:
        """Whole keys only: in a narrow terminal the keys that do not fit are hidden, in
        order from the last, rather than one cut in the middle; help (it lists them all) and
        the way back stay."""
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        room = self.size.width - sum(
            key.cells for key in self.query(FooterKey) if key.has_class("-command-palette")
        )
        room -= sum(key.cells for key in keys if key.key in KEPT_KEYS)
        for key in keys:
            if key.key not in KEPT_KEYS:
                fits = key.cells <= room
                room -= key.cells if fits else room
                key.display = fits

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # While the app has no focus its bindings are not the learner's; at most one
        # rebuild waits for the next refresh.
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
            await self.recompose()

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)
