"""How to cite one view of the tool: plain text and BibTeX, both plain text (never HTML)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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

    def bibtex(self) -> str:
        key = re.sub(r"[^a-z0-9]+", "", f"scm{self.page.lower()}{self.accessed:%Y%m%d}")
        fields = (
            ("title", f"{TOOL}: {self.page}"),
            ("note", f"{self.filters} Dataset version {self.version}"),
            ("howpublished", r"\url{" + bibtex_escape(self.url) + "}"),
            ("url", self.url.replace("{", "%7B").replace("}", "%7D")),
            ("urldate", self.accessed.isoformat()),
            ("year", str(self.accessed.year)),
        )
        lines = [f"@misc{{{key},"]
        lines += [f"  {name} = {{{value if name in ('howpublished', 'url') else bibtex_escape(value)}}}," for name, value in fields]
        return "\n".join(lines) + "\n}"


def bibtex_escape(value: str) -> str:
    """Braces, backslashes and TeX's special characters as literal text, so a field cannot end early."""
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in value)
