"""US aid: US security assistance to Azerbaijan and Armenia by fiscal year, against the decisions around it.

The metrics first (the total, the largest year, the Azerbaijan-to-Armenia ratio, each saying what it adds). Then
bars by fiscal year on a real date axis (FY2018 runs from 1 Oct 2017 to 30 Sep 2018), one facet per recipient on
one y axis: colour is the programme, the pattern the amount kind (a request is never drawn like money spent),
greyer bars are less certain. A total and its parts are never stacked together; an unknown amount has no bar and
is listed with its evidence. Above the bars, the policy and conflict events (Section 907 waivers, the DoD
notification, Bolton's visit, the 2020 war, the House vote on the Pallone amendment) sit at their true dates; a
click on one shows its evidence. Then the rows with no amount, a breakdown of each total into its parts, the
long-run GAO context in words, the table of every filtered row with its verbatim evidence and a CSV download, and
a glossary of the programmes with sources."""

import streamlit as st

from components.shared.event_panel import render_event_panel
from components.shared.selection import selected_from_url
from components.shell.empty_state import render_empty_state
from components.shell.view import current
from components.us_aid.chart import (
    aid_overlay,
    aid_view,
    render_aid_chart,
    render_bar_limit_note,
    render_breakdowns,
    render_overlay_note,
)
from components.us_aid.panels import (
    render_context,
    render_flags,
    render_glossary,
    render_metrics,
    render_selected_bar,
    render_table,
    render_unknown,
)


def render(view) -> None:
    data = aid_view(view.store, view.spec)
    st.title("US aid")
    if data.rows == 0:
        render_empty_state("aid rows", view)
        return
    with_events = not view.page.lacking_optional(view.dataset)
    render_metrics(data.metrics)

    picked = None
    if data.bars.empty:
        st.info("No single-year amount to draw for this filter: the rows it keeps are listed below.",
                icon=":material/bar_chart_off:")
    else:
        picked = render_aid_chart(view.store, view.spec, with_events)
        st.caption(
            "Colour is the programme; the pattern is the amount kind: solid for a total, crosses for an amount "
            "notified to Congress, dots for a planned amount, hatching for a request (never money spent); greyer, "
            "washed-out bars are medium- or low-confidence figures. A grey triangle beside a stack marks a reported "
            "total whose parts are the bars; it is not added to them. Hover a bar for its exact amount, source and quote; "
            "click an event marker for its evidence; the camera above the chart saves it as PNG."
        )
        render_bar_limit_note(data)
        render_flags(data)
    render_overlay_note(aid_overlay(view.store, view.spec, with_events), with_events)

    evidence = st.container(border=True)
    render_unknown(data, view.store)
    if data.totals:
        st.markdown("##### Breakdown")
        st.caption("The parts of each total drawn above, by size; hover a part for its source and quote.")
        render_breakdowns(view.store, view.spec)
    render_context(data, view.store)

    st.subheader("Every aid row in the filter")
    render_table(view, data.rows)
    with st.expander("Programmes: a glossary with sources"):
        render_glossary(view)

    with evidence:  # read after the chart had its say, so a click shows at once
        st.markdown("##### Evidence")
        event_id = selected_from_url()
        if picked:
            render_selected_bar(data, picked, view.store)
        elif event_id and with_events:
            render_event_panel(view, event_id)
        else:
            st.caption("Click an event marker above the bars, or a bar, to see its evidence here.")


render(current())
