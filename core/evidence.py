"""The verbatim rule: every evidence quote occurs, exactly, in the text of the source it cites.

A corpus source's text is its file under data/corpus/. An external source's text is its stored excerpt,
data/reference/excerpts/<source_id>.txt, when there is one: a short header (`url:`, `retrieved:`, then a blank
line) followed by the verbatim passage from that public page. Without an excerpt, it is the bundled copy of the
reference facts (data/reference/facts.md), which records the public address and confidence of each fact.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.problems import Problem
from core.sqlcheck import connection, quoted, view_name
from core.tables import TABLES

EVIDENCE_TABLES = {t.file: t.id_column for t in TABLES if t.has_evidence}
REFERENCE_FILE = Path("reference") / "facts.md"
EXCERPTS_DIR = Path("reference") / "excerpts"


def source_texts(data_dir: Path, sources: pd.DataFrame) -> tuple[dict[str, str], list[Problem]]:
    """source_id -> the text its evidence must come from."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    reference = data_dir / REFERENCE_FILE
    reference_text = reference.read_text(encoding="utf-8") if reference.exists() else None
    for position, row in enumerate(sources.itertuples(index=False), start=1):
        if row.kind == "corpus":
            path = data_dir / str(row.corpus_file)
            if not path.exists():
                problems.append(Problem("sources.csv", f"corpus file '{row.corpus_file}' does not exist", position, "corpus_file", row.source_id))
                continue
            texts[row.source_id] = path.read_text(encoding="utf-8")
        elif (data_dir / EXCERPTS_DIR / f"{row.source_id}.txt").exists():
            texts[row.source_id] = excerpt_body((data_dir / EXCERPTS_DIR / f"{row.source_id}.txt").read_text(encoding="utf-8"))
        elif reference_text is not None:
            texts[row.source_id] = reference_text
        else:
            problems.append(Problem(
                "sources.csv", f"external source has no stored excerpt ({EXCERPTS_DIR.as_posix()}/{row.source_id}.txt) "
                f"and there is no {REFERENCE_FILE.as_posix()} to check its quotes against", position, "source_id", row.source_id))
    return texts, problems


def excerpt_body(text: str) -> str:
    """The verbatim passage of a stored excerpt: everything after the header's first blank line."""
    _, _, body = text.replace("\r\n", "\n").partition("\n\n")
    return body


def check_evidence(data_dir: Path, tables: dict[str, pd.DataFrame], corridors: dict | None = None,
                   skip: frozenset[str] = frozenset()) -> list[Problem]:
    """Quotes that do not occur verbatim in their source's text. Each distinct (source, quote) pair is looked up
    once, in DuckDB (core/sqlcheck.py), and the pairs not found are joined back to their rows.

    `skip`: tables whose quotes are not checked (room for a validation profile of user-supplied rows).
    A corridor's years of validity (optional, in corridors.geojson) come with the quote that gives them."""
    texts, problems = source_texts(data_dir, tables["sources.csv"])
    for number, feature in enumerate((corridors or {}).get("features", []), start=1):
        props = (feature or {}).get("properties") or {}
        quote, text = props.get("years_evidence"), texts.get(props.get("years_source_id"))
        if quote and text is not None and quote not in text:
            problems.append(Problem("corridors.geojson", f"years_evidence is not a verbatim quote of source "
                                    f"'{props.get('years_source_id')}': '{str(quote)[:60]}…'", number,
                                    "years_evidence", props.get("corridor_id")))
    checked = {t: tables[t] for t in EVIDENCE_TABLES if t in tables and t not in skip}
    if not texts or not checked:
        return problems
    text_frame = pd.DataFrame({"source_id": list(texts), "text": list(texts.values())})
    with connection({**{t: f[[EVIDENCE_TABLES[t], "source_id", "evidence"]] for t, f in checked.items()},
                     "source_texts.txt": text_frame}) as con:
        for table in checked:
            view, id_column = view_name(table), quoted(EVIDENCE_TABLES[table])
            rows = con.execute(f"""
                WITH pairs AS (SELECT DISTINCT CAST(source_id AS VARCHAR) AS source_id, CAST(evidence AS VARCHAR) AS evidence
                               FROM {view} WHERE evidence IS NOT NULL),
                     missing AS (SELECT p.source_id, p.evidence FROM pairs p JOIN source_texts t ON t.source_id = p.source_id
                                 WHERE NOT contains(t.text, p.evidence))
                SELECT r._row, r.{id_column}, m.source_id, m.evidence FROM {view} r
                JOIN missing m ON m.source_id = CAST(r.source_id AS VARCHAR) AND m.evidence = CAST(r.evidence AS VARCHAR)
                ORDER BY r._row""").fetchall()
            problems += [Problem(table, f"evidence is not a verbatim quote of source '{source_id}': '{quote[:60]}…'",
                                 row, "evidence", row_id) for row, row_id, source_id, quote in rows]
    return problems
