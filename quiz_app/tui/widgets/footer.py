"""The key bar at the bottom of every screen, drawn with the screen's first frame.

Built on Textual's public API alone (`Screen.active_bindings`, the screen's
`bindings_updated_signal`, `App.get_key_display`, `App.simulate_key`), with the look of
Textual's Footer (the same rules and theme variables). Textual's own Footer is empty
until the bindings first change after mount, and then removes and mounts a widget per
key on each change: opening a screen brings several (mount, focus, resume, a widget's
loading state), each a frame later. This one draws the screen's keys in one widget,
composed at once: a widget per key cost home a fifth of its time to the first frame
(styling, laying out and drawing ten widgets, ~40 ms), and a change of keys (study's
on each grade) only redraws the line.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from quiz_app.i18n import _
from quiz_app.tui.widgets.tables import NARROW


class KeyShown(NamedTuple):
    """One key as the footer shows it."""

    key: str
    key_display: str
    description: str
    enabled: bool
    tooltip: str


# The keys kept when not all fit: help (it lists every key) and the way back.
KEPT_KEYS = ("question_mark", "f1", "escape")


def key_parts(widget: Widget) -> tuple[tuple[str, str, Style], ...]:
    """How `widget` draws a key's two parts, the key then its description: the padding on
    either side and the style, from its `footer-key--key` and `footer-key--description`
    component classes."""
    parts = []
    for component in ("footer-key--key", "footer-key--description"):
        padding = widget.get_component_styles(component).padding
        style = widget.get_component_rich_style(component)
        parts.append((" " * padding.left, " " * padding.right, style))
    return tuple(parts)


def key_label(
    parts: tuple[tuple[str, str, Style], ...], shown: KeyShown, over: Style | None = None
) -> Text:
    """A key and its description, drawn with `parts` (see `key_parts`); `over` adds to both."""
    return Text.assemble(
        *(
            (left + text + right, style + over if over else style)
            for (left, right, style), text in zip(
                parts, (shown.key_display, shown.description), strict=True
            )
        )
    )


class FooterKey(Widget):
    """One key in a widget of its own (the command palette's, docked on the right); a
    click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}

    def __init__(self, shown: KeyShown, *, classes: str = "") -> None:
        super().__init__(classes=classes if shown.enabled else f"{classes} -disabled")
        self.shown = shown
        if shown.tooltip:
            self.tooltip = shown.tooltip

    def render(self) -> Text:
        label = key_label(key_parts(self), self.shown)
        label.stylize_before(self.rich_style)
        return label

    def on_mouse_down(self) -> None:
        press(self, self.shown)


class FooterKeys(Widget):
    """The screen's keys on one line, each drawn as a `FooterKey` would be; hovering one
    shows its tooltip, a click presses it. Only whole keys: when not all fit, those that
    do not are left out, from the last, but help (it lists them all) and the way back."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--hover"}

    def __init__(self, keys: tuple[KeyShown, ...]) -> None:
        super().__init__()
        self.keys = keys
        self._hovered: KeyShown | None = None

    def show(self, keys: tuple[KeyShown, ...]) -> None:
        if keys != self.keys:
            self.keys = keys
            self._hovered = None
            self.refresh()

    def _labels(self) -> list[tuple[KeyShown, Text]]:
        """The keys drawn, each with its label, in order."""
        parts = key_parts(self)
        labels = [(shown, self._label(parts, shown)) for shown in self.keys]
        room = self.size.width - sum(
            label.cell_len for shown, label in labels if shown.key in KEPT_KEYS
        )
        drawn = []
        for shown, label in labels:
            if shown.key not in KEPT_KEYS:
                if label.cell_len > room:
                    room = 0  # the keys after one that does not fit are left out too
                    continue
                room -= label.cell_len
            drawn.append((shown, label))
        return drawn

    def _label(self, parts: tuple[tuple[str, str, Style], ...], shown: KeyShown) -> Text:
        """As a `FooterKey` draws it: dim when disabled, on the hover background."""
        over = None if shown.enabled else Style(dim=True)
        if shown is self._hovered:
            hover = Style(bgcolor=self.get_component_rich_style("footer-key--hover").bgcolor)
            over = over + hover if over else hover
        label = key_label(parts, shown, over)
        label.stylize_before(self.rich_style + over if over else self.rich_style)
        return label

    @property
    def drawn(self) -> tuple[KeyShown, ...]:
        """The keys shown on the line, as wide as it is."""
        return tuple(shown for shown, _label in self._labels())

    def render(self) -> Text:
        return Text("").join(label for _shown, label in self._labels())

    def _key_at(self, x: int) -> KeyShown | None:
        for shown, label in self._labels():
            if x < label.cell_len:
                return shown
            x -= label.cell_len
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hovered = self._key_at(event.x)
        if hovered is not self._hovered:
            self._hovered = hovered
            self.tooltip = hovered.tooltip if hovered is not None and hovered.tooltip else None
            self.styles.pointer = "pointer" if hovered is not None else "default"
            self.refresh()

    def on_leave(self) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self._key_at(event.x)
        if shown is not None:
            press(self, shown)


def press(widget: Widget, shown: KeyShown) -> None:
    """A click on a key: presses it, or rings the bell if it is disabled."""
    if shown.enabled:
        widget.app.simulate_key(shown.key)
    else:
        widget.app.bell()


class Footer(Widget, can_focus=False, can_focus_children=False):
    """The keys of the screen's active bindings, and the command palette's key on the right."""

    ALLOW_SELECT = False
    # The rules of Textual's Footer and FooterKey, for both kinds of keys at once.
    DEFAULT_CSS = """
    Footer {
        layout: horizontal;
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
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
        .footer-key--hover {
            background: $block-hover-background;
        }
        FooterKeys {
            width: 1fr;
            height: 1;
            text-wrap: nowrap;
        }
        FooterKey {
            width: auto;
            height: 1;
            text-wrap: nowrap;
            background: $footer-item-background;
            &:hover {
                pointer: pointer;
                color: $footer-key-foreground;
                background: $block-hover-background;
            }
            &.-disabled {
                text-style: dim;
            }
        }
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
        yield FooterKeys(keys)
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
                palette = KeyShown(
                    palette.key, palette.key_display, "", palette.enabled, palette.tooltip
                )
        return tuple(keys.values()), palette

    def _shown_key(self, binding: Binding, enabled: bool, tooltip: str) -> KeyShown:
        # Binding descriptions and tooltips are class attributes, evaluated at import and
        # marked with N_: they are translated here, in the interface language of the moment.
        return KeyShown(
            binding.key,
            self.app.get_key_display(binding),
            _(binding.description) if binding.description else "",
            enabled,
            _(tooltip) if tooltip else "",
        )

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    async def on_resize(self) -> None:
        await self._rebuild()  # the palette's word comes or goes

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
        if shown == self._shown:
            return
        keys, palette = shown
        if self._shown is not None and palette == self._shown[1]:
            self._shown = shown
            self.query_one(FooterKeys).show(keys)
        else:
            await self.recompose()  # the palette's key changes width: lay it out again
