"""The Map's preset view, zoom buttons and layer toggles, read from the link (`view=`, `zoom=`, `layers=`) and
written back to it."""

from __future__ import annotations

import streamlit as st

from components.shell.view import View
from core.map_view import (
    DEFAULT_PRESET, LAYER_HELP, LAYERS, PRESETS, PRESETS_BY_ID, layers_from_param, layers_param, zoom_from_param,
    zoom_steps,
)

_RECENTRED = "_map_recentred"  # how many times Reset view was pressed in this session (see view_state)


def _write(key: str, value: str | None) -> None:
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def render_zoom_buttons(view: View, preset: str) -> tuple[int, int]:
    """Zoom in, Zoom out and Reset view, in a row above the map: Streamlit's map has no buttons of its own without
    the web basemap. They step the zoom the map is drawn at from the preset's (kept in the link as `zoom=`; the
    reader's own drags and double-clicks stay in the browser, so a button steps from the last button's zoom) and
    reset to the preset's centre and zoom. Returns (zoom step, resets in this session)."""
    steps = zoom_steps(preset)
    step = min(max(zoom_from_param(view.params.get("zoom")), steps.start), steps.stop - 1)
    if preset != view.params.get("view", DEFAULT_PRESET):
        step = 0  # another preset, chosen in this run, starts at its own zoom
    row = st.container(horizontal=True, gap="small")
    if row.button("Zoom in", icon=":material/zoom_in:", disabled=step + 1 not in steps):
        step += 1
    if row.button("Zoom out", icon=":material/zoom_out:", disabled=step - 1 not in steps):
        step -= 1
    if row.button("Reset view", icon=":material/center_focus_strong:", help="Back to the chosen view's centre and zoom"):
        step = 0
        st.session_state[_RECENTRED] = st.session_state.get(_RECENTRED, 0) + 1
    _write("zoom", str(step) if step else None)
    return step, st.session_state.get(_RECENTRED, 0)


def render_controls(view: View) -> tuple[str, frozenset[str]]:
    """Draw the preset choice and one toggle per layer, seeded from the link; return (preset id, layers on).

    The widgets carry no key: their value comes from the URL on every run, so a link opened in the same session
    (or the browser's back button) shows its own settings."""
    preset = view.params.get("view", DEFAULT_PRESET)
    preset = st.radio(
        "View", [p.id for p in PRESETS], index=[p.id for p in PRESETS].index(preset),
        format_func=lambda pid: PRESETS_BY_ID[pid].label, horizontal=True,
    )
    _write("view", None if preset == DEFAULT_PRESET else preset)

    shown = layers_from_param(view.params.get("layers"))
    chosen = set()
    columns = st.columns(len(LAYERS))
    for column, (name, text) in zip(columns, LAYERS.items()):
        with column:
            if st.toggle(text, value=name in shown, help=LAYER_HELP.get(name)):
                chosen.add(name)
    _write("layers", layers_param(chosen))
    return preset, frozenset(chosen)
