"""The actor card: pick an actor (kept in the URL as `actor=`) and see who it is, what it did, what it said and
whom it is tied to, under the filter's years and other fields (the actor filter aside: the pick is the actor)."""

from __future__ import annotations

import streamlit as st

from components.actors_stances.data import actor_card
from components.figures.stances import build_event_years, stance_text
from components.shared.evidence import render_evidence
from components.shell.url_state import pick_to_url
from components.shell.view import View
from core.text import format_date, format_partial_date, md_escape
from core.vocab import label

PICK_KEY = "actor_card_pick"
URL_KEY = "actor"


def pick_actor(view: View) -> str | None:
    options = list(view.domain.actor_ids)
    given = view.params.get(URL_KEY)
    return st.selectbox(
        "Actor", options, index=options.index(given) if given in options else None,
        format_func=lambda a: view.domain.actor_labels.get(a, a), placeholder="Choose an actor",
        key=PICK_KEY, on_change=pick_to_url(PICK_KEY, URL_KEY),
        help="The choice is kept in the page's link (actor=…), so a shared link opens on the same card.",
    )


def render_actor_card(view: View, actor_id: str) -> None:
    store = view.store
    card = actor_card(store, view.spec, actor_id)
    family = card["family"]
    me = next((f for f in family if f["role"] == "self"), None)
    if me is None:
        st.caption("This actor is not in the dataset.")
        return
    parent = next((f for f in family if f["role"] == "parent"), None)
    children = [f for f in family if f["role"] == "child"]
    with st.container(border=True):
        st.markdown(f"#### {md_escape(me['name'])}")
        bits = [f"Kind: {md_escape(label(me['kind']))}"]
        if me["country"]:
            bits.append(f"Country: {md_escape(me['country'])}")
        bits.append(f"Part of: {md_escape(parent['name'])}" if parent else "Top-level actor")
        st.markdown(" · ".join(bits))
        if children:
            st.markdown("Sub-actors: " + ", ".join(md_escape(c["name"]) for c in children))
        st.caption("Counts, stances, relations and events below include the sub-actors'.")

        years = card["years"]
        st.markdown("**Events per year**")
        if years:
            st.plotly_chart(build_event_years(years), key="actor_card_years", theme="streamlit", width="stretch",
                            config={"displaylogo": False, "displayModeBar": False})
        else:
            st.caption("No event under this filter involves this actor.")

        st.markdown("**Stances**")
        stances = card["stances"]
        if stances.empty:
            st.caption("No stance of this actor under this filter.")
        else:
            shown = stances.assign(
                stance=[stance_text(v) for v in stances["stance"]],
                date=[format_date(d, p) for d, p in zip(stances["when_day"], stances["date_precision"])],
            )[["topic_name", "stance", "date", "actor_name", "confidence", "evidence", "source_title"]]
            st.dataframe(shown, hide_index=True, width="stretch", column_config={
                "topic_name": "Topic", "actor_name": "Actor", "stance": "Stance", "date": "Date",
                "confidence": "Confidence", "evidence": st.column_config.TextColumn("Quote", width="large"),
                "source_title": "Source"})

        st.markdown("**Relations**")
        relations = card["relations"]
        if relations.empty:
            st.caption("No relation of this actor overlaps these years.")
        else:
            shown = relations.assign(
                kind=[label(k) for k in relations["kind"]],
                start_date=[format_partial_date(v) for v in relations["start_date"]],
                end_date=[format_partial_date(v) for v in relations["end_date"]],
            )[["kind", "actor_a_name", "actor_b_name", "start_date", "end_date", "confidence", "evidence", "source_title"]]
            st.dataframe(shown, hide_index=True, width="stretch", column_config={
                "kind": "Kind", "actor_a_name": "Actor", "actor_b_name": "With", "start_date": "From",
                "end_date": "Until", "confidence": "Confidence",
                "evidence": st.column_config.TextColumn("Quote", width="large"), "source_title": "Source"})

        st.markdown("**Three most recent events**")
        recent = card["recent"]
        if not recent:
            st.caption("No event under this filter involves this actor.")
        for event in recent:
            render_evidence(store, event["evidence"], event["source_id"], event["confidence"],
                            lead=(f"**{md_escape(event['when_text'])}** · {md_escape(event['title'])}",))
