"""The global sidebar filters, drawn from the filter fields of core/fields.py, and the FilterSpec they hold.

The URL is read once per session, through FilterSpec.from_query_params (which drops and reports bad values),
and seeds the widgets; from then on the widgets are the truth and every run writes the URL back from the spec.
One codec, so what the notice says was ignored is exactly what the widgets ignored. Each field says which
widgets it needs (`Field.widgets`); this module only knows how to draw each kind.

Widgets get their starting value as `value=` from the seed spec, never through st.session_state: a range
select-slider decides from its `value` whether it is a range. Reset seeds a new spec under fresh widget keys
(a generation number in the key), so the widgets start over from the defaults.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.fields import FIELDS, MAX_TEXT_CHARS, Field, Widget
from core.filters import FilterDomain, FilterSpec
from core.pages import Page
from core.tables import BY_NAME

_SEED = "_filters_seed"  # the spec the widgets started from: the link's, or the default after a reset
_GENERATION = "_filters_generation"
_LAST = "_filters_last"  # the spec of the last run, which holds the fields the current page does not draw


def _reset_filters() -> None:
    st.session_state[_SEED] = FilterSpec()
    st.session_state[_LAST] = FilterSpec()
    st.session_state[_GENERATION] += 1


def _draw(widget: Widget, start: Any, key: str) -> Any:
    labels = widget.labels or {}
    common = dict(key=key, help=widget.help or None)
    if widget.kind == "year_range":
        return st.select_slider(widget.label, options=list(widget.options), value=start,
                                format_func=lambda stop: labels.get(stop, str(stop)), **common)
    if widget.kind == "multiselect":
        # Typing a name and pressing Enter must choose that name. Streamlit's default "fuzzy" search matches any
        # in-order subsequence of letters (so "Russia" matched "URSula von der leyen (PreSident of the European
        # CommISsion) (EuropeAn Union)" and the Azerbaijani Ministry of Ecology), and its "Select N matches" entry
        # sat first in the list, where Enter picked it. Substring matching and no bulk entry: Enter takes the first
        # match, and the top-level actor comes first in its group (ActorTree.widget_order).
        return st.multiselect(widget.label, list(widget.options), default=start,
                              format_func=lambda code: labels.get(code, code), placeholder=widget.placeholder,
                              filter_mode="contains", select_all=False, **common)
    if widget.kind == "checkbox":
        return st.checkbox(widget.label, value=start, **common)
    if widget.kind == "text":
        return st.text_input(widget.label, value=start, max_chars=MAX_TEXT_CHARS, placeholder=widget.placeholder,
                             **common)
    raise ValueError(f"no renderer for widget kind {widget.kind!r}")


def idle_note(fields: list[Field], domain: FilterDomain) -> str:
    """One line naming the fields this page does not draw, and what each narrows instead."""
    # The Map's corridors are a GeoJSON file, not a registered table: their own name says what they are.
    parts = [f"{field.widgets(domain)[0].label} "
             f"({' and '.join(BY_NAME[t].rows if t in BY_NAME else t for t in sorted(field.tables))} only)"
             for field in fields]
    return f"Not used on this page, so not shown: {'; '.join(parts)}. Their settings are kept for the other pages."


def render_filters(domain: FilterDomain, from_url: FilterSpec, page: Page) -> FilterSpec:
    """Draw the filters in the sidebar and return the spec they hold. `from_url` seeds them once per session.

    Only the fields that narrow something on `page` are drawn (a filter that cannot change what a page shows must
    not look active); one caption names the others. Their values are kept: each run records the spec, and a field
    not drawn takes its value from the last one, which also becomes its seed for when a page draws it again."""
    if _SEED not in st.session_state:
        st.session_state[_SEED] = from_url
        st.session_state[_LAST] = from_url
        st.session_state[_GENERATION] = 0
    seed, last, generation = st.session_state[_SEED], st.session_state[_LAST], st.session_state[_GENERATION]
    with st.sidebar:
        st.header("Filters")
        values, idle = {}, []
        active = set(page.fields)
        for field in FIELDS:
            if field not in active:
                idle.append(field)
                values[field.name] = last[field.name]
                continue
            starts = field.to_widgets(seed[field.name], domain)
            held = {w.key: _draw(w, starts[w.key], f"{w.key}-{generation}") for w in field.widgets(domain)}
            values[field.name] = field.from_widgets(held, domain)
        spec = FilterSpec.from_values(values)
        if idle:
            st.session_state[_SEED] = seed.replace(**{f.name: spec[f.name] for f in idle})
            st.caption(idle_note(idle, domain))
        st.session_state[_LAST] = spec
        st.caption(spec.describe(domain.names))
        st.button("Reset filters", on_click=_reset_filters, disabled=spec.is_default(), key="reset_filters")
    return spec
