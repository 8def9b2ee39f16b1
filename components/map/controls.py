"""The Map's preset view and layer toggles, read from the link (`view=`, `layers=`) and written back to it."""

from __future__ import annotations

import streamlit as st

from components.shell.view import View
from core.map_view import DEFAULT_PRESET, LAYER_HELP, LAYERS, PRESETS, PRESETS_BY_ID, layers_from_param, layers_param


def _write(key: str, value: str | None) -> None:
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


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
