"""One evidence card: a verbatim quote and the source it comes from, rendered as text, never as HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from components.shell.cite import render_citation, view_citation
from components.shell.view import current, link_target
from core.citation import RowCitation
from core.query import Store
from core.search import marked
from core.text import format_partial_date, is_blank, md_escape, md_marked, safe_url

SOURCE_FIELDS = ("title", "author", "publisher", "published", "url")


def joined_source(row: Mapping) -> dict | None:
    """The source fields a query joined onto a row as source_title, source_author… (None if the join found none).
    Lets a list of cards show their sources without one query per card."""
    if is_blank(row.get("source_title")):
        return None
    return {field: row.get(f"source_{field}") for field in SOURCE_FIELDS}


def source_line(store: Store, source_id: str, row: Mapping | None = None) -> str:
    """'Title — Author, Publisher, Dec 2022 · link' with blanks left out; Markdown-escaped. `row` is the source's
    fields when the caller already has them; otherwise the store is asked."""
    if row is None:
        row = store.source(source_id)
    if row is None:
        return md_escape(source_id)
    bits = [row["author"], row["publisher"], format_partial_date(row["published"])]
    meta = ", ".join(md_escape(b) for b in bits if not is_blank(b))
    title = md_escape(row["title"])
    line = f"{title} — {meta}" if meta else title
    url = safe_url(row["url"])
    if url:
        line += f" · [link]({url})"
    return line


ASK = object()  # render_evidence's `passage` when the caller has not looked it up


def render_evidence(store: Store, quote: str, source_id: str, confidence: str | None = None, note=None,
                    line: str | None = None, source: Mapping | None = None, cite: tuple[str, str] | None = None,
                    lead: Sequence[str] = (), query: str = "", passage=ASK) -> None:
    """`line`: the source's line when the caller already has it (source_line); `source`: the source's fields when
    the caller has them; `passage`: the quote's passage number (or None) when the caller has it (a page of many
    cards asks `passages_of` once for all). Each spares a lookup. `cite`: (what the row is, its id), e.g. ('event', 'ev_1'), to offer
    "Cite this row": its original source first, this tool second. `lead`: Markdown paragraphs, already escaped, that
    head the card (a date and title, say). `query`: the sidebar's search text; every word of the quote it matches
    is in bold (core/search.marked).

    The lead, the quote, the source line and the note are one Markdown element: every element is one more message from the
    server on each rerun, and on pages with many cards those messages were a measurable share of a rerun."""
    paragraphs = [*lead, f"> “{md_marked(marked(quote, query))}”"]
    if not current().dataset.quote_verified(source_id, quote):  # an upload's row (alone or added to the record)
        paragraphs.append(":material/warning: **User-supplied, quote not verified**: this row comes from an upload, "
                          "and nobody has checked its quote against its source.")
    extra = f" · confidence: {md_escape(confidence)}" if not is_blank(confidence) else ""
    # Markdown, not a caption: Streamlit fades captions to 60%, and a link at 60% fails WCAG contrast.
    shown = line if line is not None else source_line(store, source_id, source)
    paragraphs.append(f"Source: {shown}{extra}")
    if not is_blank(note):
        paragraphs.append(f"*Note: {md_escape(note)}*")  # md_escape escapes * and _, so the note cannot end it
    st.markdown("\n\n".join(paragraphs))
    render_source_link(store, source_id, quote, passage)
    if cite is not None:
        render_row_citation(store, source_id, quote, *cite, record=source)


def render_row_citation(store: Store, source_id: str, quote: str, kind: str, row_id: str,
                        record: Mapping | None = None) -> None:
    """"Cite this row": the row's original source first, then this tool's view (with its link and data version).
    `record`: the source's fields when the caller has them."""
    record = record or store.source(source_id) or {"source_id": source_id, "title": source_id}
    render_citation(RowCitation(record, kind, row_id, quote, view_citation(current())), "Cite this row")


def passage_link(source_id: str, n: int, label: str = "Read it in its source") -> None:
    """A link to passage n of a source in the Sources page's reader (`?source=…&passage=…`)."""
    st.page_link(link_target("sources"), label=label, icon=":material/format_quote:",
                 query_params={"source": source_id, "passage": str(n)})


def render_source_link(store: Store, source_id: str, quote: str, passage=ASK) -> None:
    """Under an evidence card: a link to the passage the quote comes from, when its source's text is readable."""
    n = store.passage_of(source_id, quote) if passage is ASK else passage
    if n is not None:
        passage_link(source_id, n)
