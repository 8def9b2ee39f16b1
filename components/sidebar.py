"""The global sidebar filters, drawn from the filter fields of core/fields.py, and the FilterSpec they hold.

The URL is read once per session, through FilterSpec.from_query_params (which drops and reports bad values),
into the widgets' session state; from then on the widgets are the truth and every run writes the URL back
from the spec. One codec, so what the notice says was ignored is exactly what the widgets ignored. Each
field says which widgets it needs (`Field.widgets`); this module only knows how to draw each kind.
"""

from __future__ import annotations

import streamlit as st

from core.fields import FIELDS, MAX_TEXT_CHARS, Widget
from core.filters import FilterDomain, FilterSpec

_FROM_URL = "_filters_read_from_url"


def _set_widgets(spec: FilterSpec) -> None:
    for field in FIELDS:
        for key, value in field.to_widgets(field.get(spec)).items():
            st.session_state[key] = value


def _reset_filters() -> None:
    _set_widgets(FilterSpec())


def _draw(widget: Widget, domain: FilterDomain) -> None:
    if widget.kind == "year_range":
        low, high = domain.year_bounds
        st.slider(widget.label, min_value=low, max_value=high, step=1, key=widget.key, help=widget.help or None)
    elif widget.kind == "multiselect":
        labels = widget.labels or {}
        st.multiselect(widget.label, list(widget.options), format_func=lambda code: labels.get(code, code),
                       key=widget.key, placeholder=widget.placeholder, help=widget.help or None)
    elif widget.kind == "checkbox":
        st.checkbox(widget.label, key=widget.key, help=widget.help or None)
    elif widget.kind == "text":
        st.text_input(widget.label, key=widget.key, max_chars=MAX_TEXT_CHARS, placeholder=widget.placeholder,
                      help=widget.help or None)
    else:
        raise ValueError(f"no renderer for widget kind {widget.kind!r}")


def render_filters(domain: FilterDomain, from_url: FilterSpec) -> FilterSpec:
    """Draw the filters in the sidebar and return the spec they hold. `from_url` seeds them once per session."""
    if _FROM_URL not in st.session_state:
        st.session_state[_FROM_URL] = True
        _set_widgets(from_url)
    with st.sidebar:
        st.header("Filters")
        for field in FIELDS:
            for widget in field.widgets(domain):
                _draw(widget, domain)
        spec = FilterSpec.from_values({field.name: field.from_widgets(st.session_state) for field in FIELDS})
        st.caption(spec.describe(domain.names))
        st.button("Reset filters", on_click=_reset_filters, disabled=spec.is_default(), key="reset_filters")
    return spec
