"""The Overview's trend: events (or, when the dataset gives them, reported fatalities) per month by type with the
key periods, one line per recent month saying what
happened (each event linking to it on the Timeline), and how complete each year of the record is."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.shell.caches import shared_cache
from components.figures.frozen import freeze
from components.figures.overview import build_coverage, build_monthly
from components.shared.measure import choose_measure, fatalities_caption
from components.shell.url_state import share_query
from components.shell.view import View
from core.filters import FilterSpec
from core.query import Store, Summary
from core.text import md_escape, shorten
from core.pages import PAGES_BY_NAME

RECENT_MONTHS = 3
TITLES_PER_MONTH = 4


@shared_cache(max_entries=32)
def _monthly(version: str, spec: FilterSpec, measure: str, _store: Store, _summary: Summary) -> go.Figure | None:
    # Keyed by the data version, the spec and the measure; the store and the summary (the spec's, asked of that
    # store) belong to `version` (as on the Timeline).
    monthly = _store.monthly_fatalities_by_type(spec) if measure == "fatalities" else _summary.monthly_by_type()
    return None if monthly.empty else freeze(build_monthly(monthly, _store.key_periods(), spec.years, measure))


@shared_cache(max_entries=32)
def _coverage(version: str, spec: FilterSpec, _summary: Summary) -> go.Figure | None:
    coverage = _summary.coverage_by_year()
    return None if coverage.empty else freeze(build_coverage(coverage))


def _event_link(view: View, event_id: str) -> str:
    """A relative link to this event on the Timeline, under the current filter."""
    timeline = PAGES_BY_NAME["timeline"]
    return f"{timeline.url_path}?{share_query(view.spec, view.version, {timeline.selection_key: event_id})}"


def what_changed_lines(view: View, rows: list[dict]) -> list[str]:
    """One Markdown line per month: '**Dec 2022** · 3 events: [title](link); [title](link); …'. Titles are data,
    so they are escaped; the rows come in month order with rank_in_month from the query layer."""
    lines: list[str] = []
    for row in rows:
        if row["rank_in_month"] == 1:
            count = row["month_events"]
            lines.append(f"**{row['month']:%b %Y}** · {count} event{'s' if count != 1 else ''}: ")
        if row["rank_in_month"] <= TITLES_PER_MONTH:
            sep = "" if row["rank_in_month"] == 1 else "; "
            title = md_escape(shorten(row["title"], 70)).replace("[", "\\[").replace("]", "\\]")
            lines[-1] += f"{sep}[{title}]({_event_link(view, row['event_id'])})"
        elif row["rank_in_month"] == TITLES_PER_MONTH + 1:
            lines[-1] += f"; and {row['month_events'] - TITLES_PER_MONTH} more"
    return lines


def render_trend(view: View, summary: Summary, recent: list[dict]) -> None:
    """The trend of `summary` (the Overview's, for view.spec): its counts are the monthly bars'. `recent`: the
    first TITLES_PER_MONTH + 1 events of each of the RECENT_MONTHS latest months (OverviewEvents.recent)."""
    heading = st.empty()  # the heading names the measure chosen under it
    measure = choose_measure(view.store)
    heading.subheader("Reported fatalities per month" if measure == "fatalities" else "Events per month")
    figure = _monthly(view.version, view.spec, measure, view.store, summary)
    if figure is None:
        if measure == "fatalities":
            st.caption(fatalities_caption(view.store.fatalities_known(view.spec)))
        st.info("No event in this filter is dated to the month"
                + (" and gives a fatalities figure" if measure == "fatalities" else "")
                + ", so there is no monthly trend to draw.", icon=":material/calendar_month:")
    else:
        st.plotly_chart(figure, theme="streamlit", width="stretch", config={"displaylogo": False},
                        key="overview_monthly")
        year_only = summary.year_only_events
        note = (f" {year_only} event{'s' if year_only != 1 else ''} dated only to the year "
                f"{'are' if year_only != 1 else 'is'} not counted.") if year_only else ""
        st.caption("Colour is the family of event types, as on the Timeline (political violence, demonstrations, "
                   "strategic developments, diplomacy and law); the fill pattern is the type within its family. "
                   f"Shaded and numbered: the key periods, with the same numbers and colours on every page.{note}")
        if measure == "fatalities":
            st.caption(fatalities_caption(view.store.fatalities_known(view.spec)))

    st.markdown("##### What changed lately")
    lines = what_changed_lines(view, recent)
    st.markdown("\n".join(f"- {line}" for line in lines) if lines else "No event in this filter is dated to the month.")


def render_coverage(view: View, summary: Summary) -> None:
    st.subheader("How complete each year is")
    figure = _coverage(view.version, view.spec, summary)
    if figure is None:
        return
    st.plotly_chart(figure, theme="streamlit", width="stretch", config={"displaylogo": False}, key="overview_coverage")
    fills = {"corpus": "solid: from the nine corpus articles", "external": "hatched: from public sources giving context",
             "acled": "dotted: from your ACLED export", "upload": "crossed: from your upload"}
    st.caption(f"Events per year by origin ({'; '.join(fills[o] for o in view.domain.origins if o in fills)}). A short "
               "bar means our sources say little about that year, not that it was calm: a sparse year reflects the "
               "record, not the region.")
