"""Write the lists of docs/architecture.md that a registry holds, so the docs cannot drift from the code (after
datasette's docs, which cog fills from the code; this is the few lines of it this repository needs).

A generated list sits between two marker comments, and everything between them is rewritten:

    <!-- [[[generated: questions]]] -->
    (written by this script)
    <!-- [[[end]]] -->

Lists: `questions` (core.query.QUESTIONS, by module), `tables` (core.tables.TABLES) and `fields`
(core.fields.FIELDS). Run after changing a registry:

    python -m scripts.gen_docs           # rewrite docs/architecture.md
    python -m scripts.gen_docs --check   # exit 1 if it is stale (tests/unit/test_docs.py does the same)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
COMMAND = "python -m scripts.gen_docs"
SECTION = re.compile(r"(<!-- \[\[\[generated: ([\w-]+)\]\]\] -->\n)(.*?)(<!-- \[\[\[end\]\]\] -->)", re.S)


def questions() -> str:
    """Every registered question, by the module that holds it (modules by name, questions in the order they are
    registered)."""
    from core.query import QUESTIONS

    by_module: dict[str, list[str]] = {}
    for q in QUESTIONS:
        by_module.setdefault(q.ask.__module__, []).append(f"`{q.name}`")
    lines = ["| module | questions |", "|---|---|"]
    lines += [f"| `{module.replace('.', '/')}.py` | {', '.join(names)} |"
              for module, names in sorted(by_module.items())]
    return "\n".join(lines)


def tables() -> str:
    """Every table of the table registry, in its order."""
    from core.tables import TABLES

    lines = ["| table | id column | required | its rows are called | rows carry evidence |", "|---|---|---|---|---|"]
    registered = TABLES.values() if isinstance(TABLES, Mapping) else TABLES  # a tuple today; keyed by name maybe
    lines += [f"| `{t.name}` | `{t.id_column}` | {'yes' if t.required else 'no'} | {t.rows} | "
              f"{'yes' if t.has_evidence else 'no'} |" for t in registered]
    return "\n".join(lines)


def fields() -> str:
    """Every filter field, in FIELDS order (the sidebar's, the description's and the URL's)."""
    from core.fields import FIELDS

    lines = ["| field | URL parameters | narrows |", "|---|---|---|"]
    lines += [f"| `{f.name}` | {_codes(f.keys)} | {_codes(sorted(f.tables))} |" for f in FIELDS]
    return "\n".join(lines)


def _codes(words) -> str:
    return ", ".join(f"`{word}`" for word in words)


SECTIONS: dict[str, Callable[[], str]] = {"questions": questions, "tables": tables, "fields": fields}


def render(text: str) -> str:
    """The text with every generated section rewritten from the registries."""

    def fill(match: re.Match) -> str:
        start, name, _, end = match.groups()
        if name not in SECTIONS:
            raise ValueError(f"unknown generated section {name!r}; known: {', '.join(SECTIONS)}")
        return f"{start}{SECTIONS[name]()}\n{end}"

    return SECTION.sub(fill, text)


def sections_in(text: str) -> list[str]:
    return [match.group(2) for match in SECTION.finditer(text)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale; write nothing")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    fresh = render(text)
    if fresh == text:
        return 0
    if args.check:
        print(f"{DOC.name} is stale: run {COMMAND}", file=sys.stderr)
        return 1
    DOC.write_text(fresh, encoding="utf-8")
    print(f"rewrote {', '.join(sections_in(text))} in {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
