"""data/README.md documents every column of every file and every vocabulary, and the lists in docs/architecture.md
are the registries' (fails when docs fall behind)."""

from __future__ import annotations

import re

import pytest

from core import schema, vocab
from scripts import gen_docs
from tests.conftest import DATA_DIR

README = (DATA_DIR / "README.md").read_text(encoding="utf-8")


def _section(file_name: str) -> str:
    match = re.search(rf"^#+ [^\n]*{re.escape(file_name)}[^\n]*$(.*?)(?=^#+ |\Z)", README, flags=re.M | re.S)
    assert match, f"data/README.md has no section for {file_name}"
    return match.group(1)


@pytest.mark.parametrize("file_name", list(schema.TABLES))
def test_every_column_is_documented(file_name):
    section = _section(file_name)
    missing = [c for c in schema.columns_of(file_name) if f"`{c}`" not in section]
    assert missing == [], f"{file_name}: undocumented columns {missing}"


def test_corridor_properties_are_documented():
    section = _section("corridors.geojson")
    assert [p for p in schema.CORRIDOR_PROPERTIES if f"`{p}`" not in section] == []


@pytest.mark.parametrize(
    "values",
    [vocab.EVENT_TYPES, vocab.ACTOR_KINDS, vocab.AMOUNT_KINDS, vocab.AID_CATEGORIES, vocab.PLACE_KINDS,
     vocab.RELATION_KINDS, vocab.CORRIDOR_MODES, vocab.CORRIDOR_STATUSES, vocab.CONFIDENCE, vocab.DATE_PRECISION],
    ids=["event_types", "actor_kinds", "amount_kinds", "aid_categories", "place_kinds", "relation_kinds",
         "corridor_modes", "corridor_statuses", "confidence", "date_precision"],
)
def test_every_vocabulary_value_is_documented(values):
    assert [v for v in values if f"`{v}`" not in README] == []


def test_stance_codebook_has_every_value():
    for value in ("-2", "-1", "0", "+1", "+2"):
        assert re.search(rf"`{re.escape(value)}`|\| *{re.escape(value)} *\|", README.replace("−", "-")), value


def test_the_architecture_lists_are_the_registries():
    """The questions, tables and filter fields listed in docs/architecture.md are those the registries hold."""
    text = gen_docs.DOC.read_text(encoding="utf-8")
    assert sorted(gen_docs.sections_in(text)) == sorted(gen_docs.SECTIONS)
    assert gen_docs.render(text) == text, f"docs/architecture.md is stale: run `{gen_docs.COMMAND}` and commit it"


def test_a_stale_list_is_rewritten_and_an_unknown_one_refused(monkeypatch):
    monkeypatch.setitem(gen_docs.SECTIONS, "fields", lambda: "| field |")
    stale = "before\n<!-- [[[generated: fields]]] -->\n| old |\n<!-- [[[end]]] -->\nafter\n"
    assert gen_docs.render(stale) == "before\n<!-- [[[generated: fields]]] -->\n| field |\n<!-- [[[end]]] -->\nafter\n"
    with pytest.raises(ValueError, match="'pages'"):
        gen_docs.render("<!-- [[[generated: pages]]] -->\n<!-- [[[end]]] -->")
