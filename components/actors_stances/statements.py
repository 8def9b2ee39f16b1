"""A list of stance statements, each with its stance, date, quote and source, drawn as text (never HTML)."""

from __future__ import annotations

from components.figures.stances import STANCE_WORDS, stance_text
from components.shared.evidence import render_evidence
from core.query import Store
from core.query.records import records
from core.text import format_date, md_escape


def render_statements(store: Store, frame) -> None:
    for row in records(frame):
        stance = int(row["stance"])
        heading = (f"**{stance_text(stance)}** ({STANCE_WORDS[stance]}) · "
                   f"{format_date(row['when_day'], row['date_precision'])}"
                   f" · {md_escape(row['actor_name'])} on {md_escape(row['topic_name'])}")
        render_evidence(store, row["evidence"], row["source_id"], row["confidence"], row.get("notes"),
                        cite=("stance", row["stance_id"]), lead=(heading,))
