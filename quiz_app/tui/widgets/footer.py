"""The key bar at the bottom of every screen, drawn with the screen's first frame.

Built on Textual's public API alone (`Screen.active_bindings`, the screen's
`bindings_updated_signal`, `App.get_key_display`, `App.simulate_key`), with the look of
Textual's Footer (the same rules and theme variables). Textual's own Footer is empty
until the bindings first change after mount, and then removes and mounts a widget per
key on each change: opening a screen brings several (mount, focus, resume, a widget's
loading state), each a frame later. This one draws the screen's keys in one widget,
composed at once: a widget per key cost home a fifth of its time to the first frame
(styling, laying out and drawing ten widgets, ~40 ms), and a change of keys (study's
on each grade) only redraws the line. It is one widget, with the command palette's key,
which Textual docks on the right in a widget of its own, drawn on the same line with the
same rules: each widget costs a screen's start-up about 8 M instructions (styled when
mounted and again when the screen resumes, laid out, drawn), a tenth of the one-Label
app's whole run.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
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


def key_parts(widget: Widget, kind: str = "") -> tuple[tuple[str, str, Style], ...]:
    """How `widget` draws a key's two parts, the key then its description: the padding on
    either side and the style, from its `footer-key--key` and `footer-key--description`
    component classes (`footer-key--palette-key`… with `kind` "palette-")."""
    parts = []
    for component in (f"footer-key--{kind}key", f"footer-key--{kind}description"):
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


class Footer(Widget, can_focus=False):
    """The keys of the screen's active bindings on one line, each drawn as Textual's
    FooterKey draws it, and the command palette's key on the right, compact, after a thin
    bar; hovering a key shows its tooltip, a click presses it. Only whole keys: when not
    all fit, those that do not are left out, from the last, but help (it lists them all)
    and the way back."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer-key--palette-key",
        "footer-key--palette-description",
        "footer-key--palette-bar",
    }
    DEFAULT_CSS = """
    Footer {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        .footer-key--key, .footer-key--palette-key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description, .footer-key--palette-description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover {
            background: $block-hover-background;
        }
        /* the command palette's key, on the right after a thin bar, is compact */
        .footer-key--palette-key {
            padding: 0;
        }
        .footer-key--palette-description {
            padding: 0 0 0 1;
        }
        .footer-key--palette-bar {
            color: $foreground 20%;
        }
    }
    """

    keys: tuple[KeyShown, ...] = ()
    palette: KeyShown | None = None
    _hovered: KeyShown | None = None
    _update_pending = False

    def on_mount(self) -> None:
        self.keys, self.palette = self._keys_shown()  # before the first frame
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_resize(self) -> None:
        self.update_keys()  # the palette's word comes or goes

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # While the app has no focus its bindings are not the learner's; at most one
        # update waits for the next refresh.
        if not screen.app.app_focus or self._update_pending:
            return
        if self.is_attached and screen is self.screen:
            self._update_pending = True
            self.call_after_refresh(self.update_keys)

    def update_keys(self) -> None:
        """Show the screen's keys as they are now (in the interface language of now)."""
        self._update_pending = False  # a change from here on needs an update of its own
        if self.is_attached:  # else its screen has gone
            self.show(*self._keys_shown())

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

    def show(self, keys: tuple[KeyShown, ...], palette: KeyShown | None) -> None:
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self._hovered = None
            self.refresh()

    def _palette_label(self) -> Text:
        """The palette's key as Textual's Footer docks it on the right: a thin bar, the
        key, its description after one cell, and one cell after that."""
        if self.palette is None:
            return Text("")
        label = self._label(key_parts(self, "palette-"), self.palette)
        label.append(" ", label.spans[-1].style if label.spans else self.rich_style)
        bar = Text("▏", self.get_component_rich_style("footer-key--palette-bar"))
        return bar + label

    def _labels(self) -> list[tuple[KeyShown | None, Text]]:
        """The keys drawn, each with its label, in order; then, if there is one, the space
        left (None) and the palette's key."""
        parts = key_parts(self)
        labels = [(shown, self._label(parts, shown)) for shown in self.keys]
        palette = self._palette_label()
        room = self.size.width - palette.cell_len
        room -= sum(label.cell_len for shown, label in labels if shown.key in KEPT_KEYS)
        drawn: list[tuple[KeyShown | None, Text]] = []
        for shown, label in labels:
            if shown.key not in KEPT_KEYS:
                if label.cell_len > room:
                    room = 0  # the keys after one that does not fit are left out too
                    continue
                room -= label.cell_len
            drawn.append((shown, label))
        if self.palette is not None:
            spaces = self.size.width - palette.cell_len - sum(label.cell_len for _, label in drawn)
            drawn += [(None, Text(" " * max(0, spaces), self.rich_style)), (self.palette, palette)]
        return drawn

    def _label(self, parts: tuple[tuple[str, str, Style], ...], shown: KeyShown) -> Text:
        """As Textual's FooterKey draws it: dim when disabled, on the hover background."""
        over = None if shown.enabled else Style(dim=True)
        if shown is self._hovered:
            hover = Style(bgcolor=self.get_component_rich_style("footer-key--hover").bgcolor)
            over = over + hover if over else hover
        label = key_label(parts, shown, over)
        label.stylize_before(self.rich_style + over if over else self.rich_style)
        return label

    @property
    def drawn(self) -> tuple[KeyShown, ...]:
        """The keys shown on the line, as wide as it is (the palette's last)."""
        return tuple(shown for shown, _label in self._labels() if shown is not None)

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
