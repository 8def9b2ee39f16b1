"""One evidence card: a verbatim quote and the source it comes from, rendered as text, never as HTML."""

from __future__ import annotations

import streamlit as st

from core.query import Store
from core.text import format_partial_date, is_blank, md_escape, safe_url


def source_line(store: Store, source_id: str) -> str:
    """'Title — Author, Publisher, Dec 2022 · link' with blanks left out; Markdown-escaped."""
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


def render_evidence(store: Store, quote: str, source_id: str, confidence: str | None = None, note=None,
                    line: str | None = None) -> None:
    """`line`: the source's line when the caller already has it (source_line), to spare a lookup."""
    st.markdown(f"> “{md_escape(quote)}”")
    extra = f" · confidence: {md_escape(confidence)}" if not is_blank(confidence) else ""
    # Markdown, not a caption: Streamlit fades captions to 60%, and a link at 60% fails WCAG contrast.
    st.markdown(f"Source: {line if line is not None else source_line(store, source_id)}{extra}")
    if not is_blank(note):
        st.caption(f"Note: {md_escape(note)}")
