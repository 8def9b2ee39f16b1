"""One evidence card: a verbatim quote and the source it comes from, rendered as text, never as HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.load import Dataset
from core.text import format_date, md_escape


def source_line(dataset: Dataset, source_id: str) -> str:
    """'Title — Author, Publisher, Dec 2022' with blanks left out; Markdown-escaped."""
    rows = dataset.sources.loc[dataset.sources["source_id"] == source_id]
    if rows.empty:
        return md_escape(source_id)
    row = rows.iloc[0]
    published = row["published"]
    precision = {4: "year", 7: "month"}.get(len(published), "day") if isinstance(published, str) else "day"
    bits = [row["author"], row["publisher"], format_date(published, precision) if isinstance(published, str) else None]
    meta = ", ".join(md_escape(b) for b in bits if isinstance(b, str) and b)
    title = md_escape(row["title"])
    line = f"{title} — {meta}" if meta else title
    url = row["url"]
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        line += f" · [link]({url.replace(')', '%29').replace(' ', '%20')})"
    return line


def render_evidence(dataset: Dataset, quote: str, source_id: str, confidence: str | None = None, note=None) -> None:
    st.markdown(f"> “{md_escape(quote)}”")
    extra = f" · confidence: {md_escape(confidence)}" if isinstance(confidence, str) else ""
    st.caption(f"Source: {source_line(dataset, source_id)}{extra}")
    if isinstance(note, str) and note and not pd.isna(note):
        st.caption(f"Note: {md_escape(note)}")
