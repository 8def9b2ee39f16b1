"""The reader: one readable text (a corpus article or a stored excerpt) in full, with every evidence quote
marked; choosing a passage lists the rows it supports, each linking to the page that shows it. The source and
the passage live in the URL (`?source=<id>&passage=<n>`)."""

from __future__ import annotations

import streamlit as st

from components.shared.evidence import source_line
from components.shell.view import View
from components.sources.links import KIND_NAMES, ROW_PAGES, row_link
from core.corpus import reader_html
from core.text import md_escape, shorten

_ORIGIN = {"corpus": "Corpus article", "external": "Stored excerpt of a public page"}


def _set_param(key: str, widget: str, drop: tuple[str, ...] = ()) -> None:
    value = st.session_state.get(widget)
    for other in drop:
        if other in st.query_params:
            del st.query_params[other]
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = str(value)


def render_reader(view: View) -> None:
    readable = view.store.readable_sources()
    if readable.empty:
        st.info("This dataset has no corpus articles or stored excerpts to read.", icon=":material/menu_book:")
        return
    ids = list(readable["source_id"])
    titles = dict(zip(readable["source_id"], readable["title"]))
    kinds = dict(zip(readable["source_id"], readable["kind"]))
    linked = view.params.get("source")
    if linked is not None and linked not in titles:
        st.info(f"The source in the link, {md_escape(linked)}, has no stored text to read; its details are in the "
                "source list.", icon=":material/info:")
        linked = None
    source_id = linked or ids[0]
    st.selectbox("Text", ids, index=ids.index(source_id), key=f"reader_source_{source_id}",
                 format_func=lambda i: f"{titles[i]} ({_ORIGIN[kinds[i]].split(' of ')[0].lower()})",
                 on_change=_set_param, args=("source", f"reader_source_{source_id}", ("passage",)))
    st.markdown(f"{_ORIGIN[kinds[source_id]]}: {source_line(view.store, source_id)}")

    passages = view.store.passages(source_id)
    count = len(passages)
    passage = view.params.get("passage") if linked else None
    selected = int(passage) if passage is not None else None
    if selected is not None and selected > count:
        st.info(f"This text has {count} passages; passage {selected} in the link was ignored.", icon=":material/info:")
        del st.query_params["passage"]
        selected = None
    records = passages.to_dict("records")
    labels = {int(p["n"]): f"{int(p['n'])} · {int(p['rows'])} row{'s' if p['rows'] != 1 else ''} · {shorten(p['text'], 60)}"
              for p in records}
    numbers = [int(p["n"]) for p in records]
    widget = f"reader_passage_{source_id}_{selected}"
    st.selectbox("Passage", numbers, index=numbers.index(selected) if selected else None, key=widget,
                 format_func=labels.get, placeholder="Choose a passage to see the rows it supports",
                 on_change=_set_param, args=("passage", widget), help="Marked passages are the evidence of rows; "
                 "their number is shown before them in the text.")

    text_column, rows_column = st.columns([3, 2], gap="large")
    with text_column:
        found = view.store.evidence_spans(source_id)
        spans = [(int(s), int(e)) for s, e in zip(found["span_start"], found["span_end"], strict=True)]
        if selected is not None:  # the cited passage first, where the reader lands, then the whole text
            with st.container(border=True):
                st.markdown(f"##### Passage {selected}")
                cited = [p for p in records if int(p["n"]) == selected]
                for block in reader_html(cited, spans, selected, anchor_prefix="cited-passage-"):
                    st.markdown(block, unsafe_allow_html=True)  # escaped by reader_html, as below
            st.markdown("##### The whole text")
        for block in reader_html(records, spans, selected):
            # Every fragment of the text is escaped by core.corpus.reader_html; only its own <mark>/<sup> is HTML.
            st.markdown(block, unsafe_allow_html=True)
    with rows_column:
        if selected is None:
            st.markdown("Choose a passage above, or follow a link from an evidence card, to see what it supports.")
            return
        rows = view.store.passage_rows(source_id, selected)
        st.markdown(f"##### Passage {selected} supports {len(rows)} row{'s' if len(rows) != 1 else ''}")
        if rows.empty:
            st.markdown("No row cites this passage yet.")
        for i, row in enumerate(rows.to_dict("records")):
            with st.container(border=True):
                st.markdown(f"**{KIND_NAMES[row['kind']]}** · {md_escape(row['label'])}")
                st.markdown(f"> “{md_escape(row['evidence'])}”")
                if row["kind"] in ROW_PAGES:
                    row_link(row["kind"], row["row_id"], key=f"row_{i}")
                if isinstance(row.get("place"), str):
                    st.markdown(f"Place: {md_escape(row['place'])}")
                    row_link("place", row["place_id"], key=f"place_{i}")
