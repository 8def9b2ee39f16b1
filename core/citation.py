"""How to cite one view of the tool, or one row of it: plain text and BibTeX, both plain text (never HTML).

A view cites the tool (`ViewCitation`). A single row (an event, an aid row, a stance) cites its original source
first and this tool second (`RowCitation`): the tool is where the row was found, the source is what it says.
Blank fields of a source are left out, never written as "None"."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from core.text import format_partial_date, is_blank

TOOL = "South Caucasus Monitor"

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


@dataclass(frozen=True)
class ViewCitation:
    page: str  # the page's title: 'Timeline'
    filters: str  # spec.describe(...): 'Showing 2018–2022, involving Russia.'
    version: str  # the data fingerprint
    url: str  # the share link of exactly this view
    accessed: date

    def text(self) -> str:
        return (f"{TOOL}, “{self.page}” view. {self.filters} Dataset version {self.version}. {self.url} "
                f"(accessed {self.accessed.isoformat()}).")

    def bibtex(self, row: str = "") -> str:
        """`row`: the row this entry is cited for ('event ev_1'), put first in the note."""
        key = re.sub(r"[^a-z0-9]+", "", f"scm{self.page.lower()}{self.accessed:%Y%m%d}")
        fields = (
            ("author", f"{{{TOOL}}}"),  # a corporate author, in braces so BibTeX does not split it into names
            ("organization", TOOL),
            ("title", f"{TOOL}: {self.page}"),
            ("note", (f"{row}. " if row else "") + f"{self.filters} Dataset version {self.version}"),
            ("howpublished", url_command(self.url)),
            ("url", url_field(self.url)),
            ("urldate", self.accessed.isoformat()),
            ("year", str(self.accessed.year)),
        )
        lines = [f"@misc{{{key},"]
        lines += [f"  {name} = {{{value if name in ('howpublished', 'url', 'author') else bibtex_escape(value)}}},"
                  for name, value in fields]
        return "\n".join(lines) + "\n}"


@dataclass(frozen=True)
class RowCitation:
    """One row: its original source first (`source`: the sources.csv record), then this tool (`view`)."""

    source: Mapping
    kind: str  # 'event', 'aid row', 'stance'
    row_id: str
    quote: str
    view: ViewCitation

    def _field(self, name: str) -> str:
        value = self.source.get(name)
        return "" if is_blank(value) else str(value).strip()

    def source_text(self) -> str:
        """'Author, “Title”, Publisher, 16 Dec 2022. https://…' with the blanks left out."""
        head = ", ".join(b for b in (self._field("author"), f"“{self._field('title')}”" if self._field("title") else "",
                                     self._field("publisher"), format_partial_date(self._field("published")) if
                                     self._field("published") else "") if b)
        url = self._field("url")
        return head + "." + (f" {url}" if url else "")

    def text(self) -> str:
        return (f"{self.source_text()} Quoted: “{self.quote}”\n"
                f"Found via {TOOL}, {self.kind} {self.row_id}, “{self.view.page}” view. Dataset version "
                f"{self.view.version}. {self.view.url} (accessed {self.view.accessed.isoformat()}).")

    def bibtex(self) -> str:
        source_key = re.sub(r"[^A-Za-z0-9]+", "", str(self.source.get("source_id") or self.row_id)) or "source"
        published = self._field("published")
        fields = [("title", bibtex_escape(self._field("title")))]
        fields += [(name, bibtex_escape(self._field(name))) for name in ("author", "publisher") if self._field(name)]
        if published:
            fields += [("date", published), ("year", published[:4])]
        if self._field("url"):
            fields += [("howpublished", url_command(self._field("url"))), ("url", url_field(self._field("url")))]
        fields.append(("note", bibtex_escape(f"Quoted: “{self.quote}”")))
        first = [f"@misc{{{source_key},"] + [f"  {name} = {{{value}}}," for name, value in fields]
        return "\n".join(first) + "\n}\n\n" + self.view.bibtex(f"{self.kind} {self.row_id}")


def url_command(url: str) -> str:
    """`\\url{…}` with the address raw (\\url typesets its argument verbatim: escaping would print the
    backslashes); only braces, which would end the field, are percent-encoded, which keeps the address."""
    return r"\url{" + url_field(url) + "}"


def url_field(url: str) -> str:
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex_escape(value: str) -> str:
    """Braces, backslashes and TeX's special characters as literal text, so a field cannot end early."""
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in value)
