"""Widget values that outlive their widget. Streamlit forgets a widget's value on a run that does not draw it, and
a lazy tab (st.tabs with on_change="rerun") draws only the open tab's widgets: a search typed on the Sources page's
Search tab would be gone after a look at another tab. `restore` before the widget and `remember` after it keep the
value under a key of its own, which no widget owns, so Streamlit leaves it alone."""

from __future__ import annotations

import streamlit as st

_PREFIX = "_kept_"


def restore(key: str, initial=None, options=None) -> None:
    """Give the widget `key` its last value back if it was forgotten, or `initial` the first time. `options`: the
    widget's choices now, when it has any; a kept value no longer among them (another dataset) is not given back.
    Call it before the widget, and give the widget no default of its own (Streamlit warns when both set a value)."""
    if key in st.session_state:
        return
    kept = _PREFIX + key
    if kept in st.session_state and (options is None or st.session_state[kept] in options):
        st.session_state[key] = st.session_state[kept]
    elif initial is not None:
        st.session_state[key] = initial


def remember(key: str, value) -> None:
    st.session_state[_PREFIX + key] = value
