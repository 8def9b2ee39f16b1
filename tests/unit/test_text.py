"""Hostile text stays text; dates show at their precision. (The CSV export's formula guard is SQL in the query
layer, and is tested with the query layer in tests/unit/test_store.py.)"""

from __future__ import annotations

import pandas as pd
import pytest

from core.text import format_date, format_span, hover_escape, md_escape


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "[click](javascript:alert(1))", "![x](http://evil/x.png)", "**bold** _it_", "$58.6 million and $42.9 million", "# heading", "<img src=x onerror=alert(1)>"],
)
def test_md_escape_neutralises_markdown_and_html(hostile):
    escaped = md_escape(hostile)
    for char in "<>[]()*_$#!":
        # every special character is preceded by a backslash
        for index, c in enumerate(escaped):
            if c == char:
                assert escaped[index - 1] == "\\", (hostile, escaped)


def test_md_escape_round_trips_visible_text():
    text = "Putin’s “key mediator” role (JAM-news, October 28)"
    assert md_escape(text).replace("\\", "") == text


def test_hover_escape():
    assert hover_escape("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert hover_escape("abcdefghij", limit=5) == "abcd…"
    assert hover_escape(None) == ""


def test_format_date_at_precision():
    assert format_date("2022-12-01", "month") == "Dec 2022"
    assert format_date("2022-02-24", "day") == "24 Feb 2022"
    assert format_date("2022-01-01", "year") == "2022"
    assert format_date(pd.NaT) == ""
    assert format_span(pd.Timestamp("2020-09-27"), pd.Timestamp("2020-11-10")) == "27 Sep 2020 – 10 Nov 2020"
