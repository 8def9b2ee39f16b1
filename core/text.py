"""Safe display of text that comes from data or URLs, and date formatting at the precision the source gives."""

from __future__ import annotations

import html
import re

import pandas as pd

# Every character that Streamlit's Markdown (CommonMark + GitHub extensions + KaTeX '$') may treat as syntax.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def md_escape(text) -> str:
    """Text that st.markdown shows literally: no links, images, HTML, emphasis or LaTeX from data."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def md_marked(pieces) -> str:
    """(fragment, marked) pieces (core/search.marked) as Markdown: each fragment escaped, the marked ones bold."""
    out = []
    for fragment, bold in pieces:
        if fragment:
            out.append(f"**{md_escape(fragment)}**" if bold else md_escape(fragment))
    return "".join(out)


def is_blank(value) -> bool:
    """True for None, NaN, NA and the empty string: a value the data leaves unknown."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    return isinstance(value, str) and not value.strip()


def shorten(text, limit: int) -> str:
    """The text cut to at most `limit` characters, with '…' where it was cut; '' for a blank."""
    if is_blank(text):
        return ""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shorten_counted(value, limit: int = 40) -> str:
    """For notices about hostile input: 'xxxx… (10,000 characters)' when longer than `limit`."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def hover_escape(text, limit: int | None = None) -> str:
    """Text for Plotly labels, which accept a little HTML: escape <, > and &, optionally shortened. Quotes are
    left alone: Plotly text is never inside an attribute, and it shows '&#x27;' literally in legends."""
    return html.escape(shorten(text, limit) if limit is not None else ("" if is_blank(text) else str(text)), quote=False)


def safe_url(url) -> str:
    """An http(s) address fit for a Markdown link target, or '' (any other scheme is dropped)."""
    if is_blank(url) or not str(url).startswith(("https://", "http://")):
        return ""
    return str(url).replace(")", "%29").replace(" ", "%20")


def format_date(value, precision: str = "day") -> str:
    """'24 Feb 2022' for day precision, 'Dec 2022' for month, '2022' for year; '' for a missing date."""
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    if precision == "year":
        return f"{stamp.year}"
    if precision == "month":
        return stamp.strftime("%b %Y")
    return f"{stamp.day} {stamp.strftime('%b %Y')}"


def format_partial_date(value) -> str:
    """'2022', 'Dec 2022' or '24 Feb 2022' for a date written YYYY, YYYY-MM or YYYY-MM-DD; '' for a blank."""
    if is_blank(value):
        return ""
    value = str(value)
    precision = {4: "year", 7: "month"}.get(len(value), "day")
    return format_date(value if precision != "year" else value + "-01-01", precision)


def format_span(start, end, precision: str = "day") -> str:
    """A date, or a period 'start – end' (an open period reads 'from start'; a one-day period reads as its day)."""
    first = format_date(start, precision)
    if end is None or pd.isna(end) or pd.Timestamp(end) == pd.Timestamp(start):
        return first
    return f"{first} – {format_date(end, 'day')}"


def origin_counts(counts, bold: bool = False) -> str:
    """'12 from the corpus articles, 30 from public sources giving context, 50 from your ACLED export': events by
    origin ({origin: count}, in the order given), in vocab.ORIGIN_PHRASES' words, each count in Markdown bold when
    `bold`. An uploaded row is never called "from public sources giving context": it has an origin of its own
    (core/user_data.py)."""
    from core.vocab import ORIGIN_PHRASES

    mark = "**" if bold else ""
    return ", ".join(f"{mark}{n:,}{mark} {ORIGIN_PHRASES.get(origin, 'of origin ' + str(origin))}"
                     for origin, n in counts.items())
