"""The source list: every source (corpus articles and public pages) with its metadata and how many filtered rows
of each table it supports; filtered by kind here and by the global filters in the sidebar."""

from __future__ import annotations

import streamlit as st

from components.shared.kept_state import remember, restore
from components.shell.empty_state import render_empty_state
from components.shell.view import View

KIND_KEY = "sources_kind"
KIND_CHOICES = {"all": "All sources", "corpus": "Corpus articles", "external": "Public sources"}


def render_counts(view: View) -> None:
    counts = view.store.cited_source_counts(view.spec)
    left, right = st.columns(2)
    left.metric("Corpus articles cited", counts["corpus"],
                help="Corpus articles that at least one row in the current filter cites (as its source or its correction)")
    right.metric("Public sources cited", counts["external"],
                 help="Public pages, cited by at least one row in the current filter, that give context or correct the corpus")
    totals = view.store.source_totals()
    st.caption(f"Sources cited by at least one row of the current filter, as its evidence or its correction. The "
               f"dataset has {totals['corpus']:,} corpus articles and {totals['external']:,} public sources in all.")


def render_source_list(view: View) -> None:
    restore(KIND_KEY, "all", options=KIND_CHOICES)
    kind = st.segmented_control("Show", list(KIND_CHOICES), format_func=KIND_CHOICES.get, key=KIND_KEY,
                                required=True) or "all"
    remember(KIND_KEY, kind)
    listed = view.store.source_list(view.spec, kind)
    if listed.empty:
        render_empty_state("events, aid rows, stances or relations", view)
        return
    what = "every source" if view.spec.is_default() else "the sources the filtered rows cite"
    st.caption(f"{len(listed):,} sources: {what}. The counts are rows in the current filter that cite each source "
               "(as its evidence or its correction); places counts the places whose coordinates it gives. "
               "A blank cell is a value no stored copy confirms; “What is known” says which were looked for and not found.")
    st.dataframe(
        listed,
        hide_index=True, width="stretch",
        column_order=["origin", "title", "rows", "events", "aid", "stances", "relations", "places", "author",
                      "publisher", "published", "url", "confidence", "status", "notes"],
        column_config={
            "origin": "Origin",
            "title": st.column_config.TextColumn("Title", width="large"),
            "status": st.column_config.TextColumn("Note", help="'cited by no row yet': no row of any table cites it"),
            "author": st.column_config.TextColumn("Author", width="medium"),
            "publisher": st.column_config.TextColumn("Outlet", width="medium"),
            "published": st.column_config.TextColumn("Published", help="At the precision the source gives"),
            "url": st.column_config.LinkColumn("Address"),
            "confidence": "Confidence",
            "notes": st.column_config.TextColumn("What is known", width="large",
                                                 help="Where each field comes from, and what no stored copy confirms "
                                                      "('not found')"),
            "events": st.column_config.NumberColumn("Events"),
            "aid": st.column_config.NumberColumn("Aid rows"),
            "stances": st.column_config.NumberColumn("Stances"),
            "relations": st.column_config.NumberColumn("Relations"),
            "places": st.column_config.NumberColumn("Places", help="Places whose coordinates come from it (unfiltered)"),
            "rows": st.column_config.NumberColumn("Rows citing it", help="Rows in the current filter"),
        },
    )
