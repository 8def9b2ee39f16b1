"""Put the US aid figure on screen: cached per data version and filter; a click on an event marker selects
that event (kept in the URL, shown in the evidence panel), a click on a bar shows that row's evidence."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.shell.caches import shared_cache
from components.figures.aid import breakdown_parts, build_aid_chart, build_breakdown, overlay_shown
from components.figures.frozen import freeze
from components.shared.evidence import source_line
from components.shared.selection import selected_from_url, sync_selection
from core.filters import FilterSpec
from core.query import Store
from core.query.aid import BAR_LIMIT, OVERLAY_RULE, PROGRAMMES, ROLES, AidView
from core.query.records import records
from core.text import is_blank, md_escape

CHART_KEY = "us_aid_chart"
EVENT_KEY, BAR_KEY = "event", "aid"  # the URL parameter of a clicked bar (the page registry checks it: core/pages.py)


@shared_cache(max_entries=32)
def _view(version: str, spec: FilterSpec, _store: Store) -> AidView:
    # Keyed by the data version and the spec; the store (unhashed) belongs to `version`. Shared read-only.
    return _store.aid_view(spec)


@shared_cache(max_entries=32)
def _overlay(version: str, spec: FilterSpec, with_events: bool, _store: Store) -> list[dict] | None:
    return _store.aid_overlay(spec) if with_events else None


@shared_cache(max_entries=32)
def _figure(version: str, spec: FilterSpec, with_events: bool, _store: Store) -> go.Figure:
    return freeze(build_aid_chart(_view(version, spec, _store), _overlay(version, spec, with_events, _store)))


@shared_cache(max_entries=32)
def _table(version: str, spec: FilterSpec, _store: Store) -> pd.DataFrame:
    rows = _store.aid_rows(spec)
    return pd.DataFrame({
        "Recipient": rows["recipient_name"],
        "Fiscal year": [f"FY{a}" if pd.isna(b) or a == b else f"FY{a}–FY{int(b)}"
                        for a, b in zip(rows["fiscal_year"], rows["fiscal_year_end"])],
        "Programme": rows["programme"].map(PROGRAMMES), "program": rows["program"], "authority": rows["authority"],
        "amount_usd": rows["amount_usd"], "amount_kind": rows["amount_kind"], "On the chart": rows["role"].map(ROLES),
        "confidence": rows["confidence"], "evidence": rows["evidence"], "source_title": rows["source_title"],
        "notes": rows["notes"], "aid_id": rows["aid_id"],
    })


def aid_table(store: Store, spec: FilterSpec) -> pd.DataFrame:
    """Every filtered aid row as the table shows it, one row each (shared read-only: never mutate it)."""
    return _table(store.fingerprint, spec, store)


@dataclass(frozen=True)
class Lookups:
    """What the evidence cards of some aid rows show of their sources: each source's fields and display line, and
    each quote's passage (None: not found in a readable text)."""

    sources: dict[str, dict]
    lines: dict[str, str]
    passages: dict[tuple[str, str], int | None]


@shared_cache(max_entries=8)
def _lookups(version: str, ids: tuple[str, ...], pairs: tuple[tuple[str, str], ...], _store: Store) -> Lookups:
    # Two questions for every card of the page, not two or three per card (at a million events the unknown amounts
    # alone were a thousand cards: 4.4 to 5.4 s of point lookups, README's scale table).
    found = {r["source_id"]: r for r in records(_store.sources_of(ids))}
    lines = {i: source_line(_store, i, found[i]) if i in found else md_escape(i) for i in ids}
    passages = {(r["source_id"], r["quote"]): r["n"] for r in records(_store.passages_of(pairs))}
    return Lookups(found, lines, {pair: passages.get(pair) for pair in pairs})


def evidence_lookups(store: Store, rows: list[dict]) -> Lookups:
    """The sources (corrections included) and passages of these aid rows' evidence, looked up once per data
    version and set of rows (shared read-only)."""
    ids = {r["source_id"] for r in rows} | {r["correction_source_id"] for r in rows if not is_blank(r.get("correction_source_id"))}
    pairs = {(r["source_id"], r["evidence"]) for r in rows}
    return _lookups(store.fingerprint, tuple(sorted(ids)), tuple(sorted(pairs)), store)


def aid_view(store: Store, spec: FilterSpec) -> AidView:
    """What the page draws for this filter, computed once per data version and filter."""
    return _view(store.fingerprint, spec, store)


def aid_overlay(store: Store, spec: FilterSpec, with_events: bool) -> list[dict] | None:
    """The policy events over the bars; None when the dataset has no events table."""
    return _overlay(store.fingerprint, spec, with_events, store)


def render_aid_chart(store: Store, spec: FilterSpec, with_events: bool) -> str | None:
    """Draw the figure; a clicked event goes to the URL as `event=`, a clicked bar or total as `aid=` (one clears
    the other). Returns the id of the bar the link now keeps, if any."""
    state = st.plotly_chart(
        _figure(store.fingerprint, spec, with_events, store), key=CHART_KEY, on_select="rerun",
        selection_mode="points", theme="streamlit", width="stretch",
        config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": "south-caucasus-us-aid"}},
    )
    points = state.selection.points if state and state.selection else []
    picked = [p.get("customdata") for p in points if isinstance(p.get("customdata"), (list, tuple))]
    # One pick at a time in the link: a click on an event drops the bar, a click on a bar the event (which may
    # have come with the link, before this session's first click).
    if sync_selection(CHART_KEY, [str(d[0]) for d in picked if len(d) > 1 and d[1] == "event"]):
        st.query_params.pop(BAR_KEY, None)
    if sync_selection(CHART_KEY, [str(d[0]) for d in picked if len(d) > 1 and d[1] == "aid"], key=BAR_KEY):
        st.query_params.pop(EVENT_KEY, None)
    return selected_from_url(BAR_KEY)


def render_breakdowns(store: Store, spec: FilterSpec) -> None:
    """One treemap per total whose parts are drawn (FY2018 Azerbaijan: border, Caspian, human-rights training)."""
    for total in aid_view(store, spec).totals:
        st.plotly_chart(_breakdown(store.fingerprint, spec, total["aid_id"], store), theme="streamlit",
                        width="stretch", key=f"us_aid_breakdown_{total['aid_id']}",
                        config={"displaylogo": False,
                                "toImageButtonOptions": {"format": "png", "filename": f"breakdown-{total['aid_id']}"}})
        # Every part with its amount in text: a tile too small for its label (on a phone) hides it.
        st.caption("Parts: " + " · ".join(f"{md_escape(name)} **{md_escape(amount)}**"
                                          for name, amount in breakdown_parts(total)))


@shared_cache(max_entries=32)
def _breakdown(version: str, spec: FilterSpec, aid_id: str, _store: Store) -> go.Figure:
    return freeze(build_breakdown(next(t for t in _view(version, spec, _store).totals if t["aid_id"] == aid_id)))


def render_bar_limit_note(data: AidView) -> None:
    """Says so when the chart draws merged bars (more single-year rows than BAR_LIMIT)."""
    if len(data.bars) > BAR_LIMIT:
        st.caption(f"This filter keeps {len(data.bars):,} single-year rows with an amount, more than the "
                   f"{BAR_LIMIT:,} bars the chart draws one by one: each bar is the sum of the rows of one "
                   "recipient, fiscal year, programme, amount kind and confidence (the stacks' heights are "
                   "unchanged; hover a bar for how many rows it adds). Every row is in the table below.")


def render_overlay_note(overlay: list[dict] | None, with_events: bool) -> None:
    """Why the policy strip is missing or empty, or how many of the matching events it draws."""
    if not with_events:
        st.caption("This dataset has no events table: the policy overlay is missing, and the bars are drawn without it.")
        return
    if not overlay:
        st.caption("No policy or conflict event in this filter to draw over the bars.")
        return
    shown, matched = overlay_shown(overlay)
    if matched > shown:
        st.caption(f"The policy strip draws {shown:,} of the {matched:,} events this filter matches: "
                   f"{OVERLAY_RULE}. Narrow the years, actors or event types to see the others.")
