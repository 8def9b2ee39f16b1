"""The evidence panel of the Map: what a click on a deposit, a place, an events circle or a corridor selected,
with the verbatim evidence of the filtered events at that place, as on the Timeline."""

from __future__ import annotations

import streamlit as st

from components.figures.map import years_text
from components.shared.evidence import render_evidence, source_line
from components.shell.view import View
from core.query.records import records
from core.search import marked
from core.text import is_blank, md_escape, md_marked
from core.vocab import label

PLACE_LAYERS = ("deposits", "places", "events")
CORRIDOR_LAYERS = ("corridors", "corridors_dashed", "corridors_dashed_hit")  # the hit line: a gap in the dashes
MAX_EVENTS = 12


def selected_object(state) -> tuple[str, dict] | None:
    """(layer id, the clicked row) from the chart's selection state, or None."""
    selection = state.get("selection", {}) if isinstance(state, dict) else getattr(state, "selection", {})
    objects = selection.get("objects", {}) if isinstance(selection, dict) else {}
    for layer_id, found in objects.items():
        if found and isinstance(found[0], dict) and found[0].get("id"):
            return layer_id, found[0]
    return None


def _corridor(view: View, corridor_id: str) -> None:
    feature = next((f for f in view.dataset.corridors.get("features", [])
                    if f.get("properties", {}).get("corridor_id") == corridor_id), None)
    if feature is None:
        st.caption("This corridor is not in the data.")
        return
    props = feature["properties"]
    st.markdown(f"#### {md_escape(props.get('name'))}")
    st.markdown(f"{md_escape(label(props.get('mode', '')))} · {md_escape(label(props.get('status', '')).lower())} · "
                "approximate route through waypoints")
    if not is_blank(props.get("notes")):
        st.markdown(md_escape(props["notes"]))
    confidence = props.get("confidence")
    st.markdown(f"Source: {source_line(view.store, props.get('source_id', ''))}"
                + (f" · confidence: {md_escape(confidence)}" if not is_blank(confidence) else ""))
    years = years_text(props.get("year_from"), props.get("year_to"))
    if years and not is_blank(props.get("years_evidence")):
        st.markdown(f"**Years of validity: {md_escape(years)}**")
        render_evidence(view.store, props["years_evidence"], props.get("years_source_id") or "")
    else:
        st.caption("Years not sourced: no stored source gives this corridor's years, so it is drawn under every "
                   "filter.")


def _place(view: View, place_id: str, name: str) -> None:
    st.markdown(f"#### {md_escape(name)}")
    events = records(view.store.events_at_place(view.spec, place_id))
    if not events:
        st.caption("No event in the current filter happened here.")
        return
    plural = "s" if len(events) != 1 else ""
    shown = events[:MAX_EVENTS]
    st.markdown(f"**{len(events):,} event{plural}** in the current filter"
                + (f", the first {len(shown)} shown:" if len(shown) < len(events) else ":"))
    for event in shown:
        render_evidence(view.store, event["evidence"], event["source_id"], event["confidence"], event["notes"],
                        cite=("event", event["event_id"]), query=view.spec.text,
                        lead=(f"**{md_escape(event['when_text'])}** · {md_marked(marked(event['title'], view.spec.text))} "
                              f"({md_escape(label(event['event_type']))})",))


def render_selection(view: View, state) -> None:
    found = selected_object(state)
    if found is None:
        st.caption("Click a deposit, a place, an events circle or a corridor on the map to see its evidence here.")
        return
    layer_id, row = found
    if layer_id in CORRIDOR_LAYERS:
        _corridor(view, str(row["id"]))
    elif layer_id in PLACE_LAYERS:
        _place(view, str(row["id"]), str(row.get("name") or row["id"]))
