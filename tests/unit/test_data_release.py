"""Pins for data release 2026-11-25.1 (issue K): corrections, context events, excerpts and stance coverage."""

from __future__ import annotations

import json
import re

from pathlib import Path

import pandas as pd
import pytest

from core.evidence import excerpt_body
from core.tables import TABLE_FILES, TABLES

DATA = Path(__file__).resolve().parents[2] / "data"
EXCERPTS = DATA / "reference" / "excerpts"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return _read("events.csv").set_index("event_id")


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return _read("sources.csv").set_index("source_id")


# --- corrections -------------------------------------------------------------------------------------------------


def test_iranian_truck_checkpoint_dated_12_sep_2021(events, sources):
    assert "ev_2021_08_iranian_truck_charges" not in events.index
    row = events.loc["ev_2021_09_12_iranian_truck_checkpoint"]
    assert (row["date"], row["date_precision"]) == ("2021-09-12", "day")
    assert row["evidence"] == "Azerbaijan began charging Iranian trucks there in Aug 2021."  # the quote is kept
    assert sources.loc[row["correction_source_id"], "kind"] == "external"
    assert (EXCERPTS / f"{row['correction_source_id']}.txt").exists()
    assert "not found" in row["notes"] and "Armenpress" in row["notes"]


def test_section_907_waiver_authority_dated_to_public_law_107_115(events):
    assert "ev_2001_10_section_907_waiver_authority" not in events.index
    row = events.loc["ev_2002_01_10_section_907_waiver_authority"]
    assert (row["date"], row["date_precision"]) == ("2002-01-10", "day")
    assert "107-115" in row["title"]
    assert "24 Oct 2001" in row["notes"] and "25 Jan 2002" in row["notes"]
    assert "two years of delay" in row["notes"]
    assert row["correction_source_id"]


def test_lachin_town_entered_26_aug_is_not_the_bypass_opening(events, sources):
    """Armenian sources give 25 Aug 2022 as the deadline; Azerbaijan's army entered the town on 26 Aug (issue E)."""
    assert "ev_2022_08_25_lachin_bypass" not in events.index
    row = events.loc["ev_2022_08_26_lachin_town_entered"]
    assert (row["date"], row["date_precision"]) == ("2022-08-26", "day")
    assert "enters Lachin town" in row["title"] and "until the bypass" in row["title"]
    assert row["correction_source_id"] == "newsaz_2023_01_10_lachin"
    excerpt = (EXCERPTS / "newsaz_2023_01_10_lachin.txt").read_text(encoding="utf-8")
    assert "On August 25, Lachin and two villages were vacated. On August 26, we entered Lachin" in excerpt
    opening = events.loc["ev_2022_08_30_lachin_new_route"]
    assert (opening["date"], opening["date_precision"]) == ("2022-08-30", "day")
    for name in ("places.csv", "sources.csv"):
        assert not _read(name)["notes"].fillna("").str.contains("handed over on 25 Aug").any(), name
    assert "handed over on 25 Aug" not in (DATA / "corridors.geojson").read_text(encoding="utf-8")


def test_peacekeeping_mandate_renews_automatically(events):
    row = events.loc["ev_2020_11_10_peacekeeping_mandate"]
    assert "automatically" in row["title"] and "unless a party objects" in row["title"]
    assert "unless extended" not in row["title"]
    assert "six months" in row["notes"]


def test_armenia_fy2019_aid_disagreement_is_recorded():
    row = _read("aid.csv").set_index("aid_id").loc["aid_am_fy2019"]
    assert row["amount_usd"] == "2800000"
    assert "'received'" in row["notes"] and "expected" in row["notes"]
    assert "USC" in row["notes"] and "Speier" in row["notes"]


@pytest.mark.parametrize(
    "event_id, day",
    [
        ("ev_2022_12_inspections_blocked", "2022-12-10"),
        ("ev_2022_10_putin_statements", "2022-10-27"),
        ("ev_2021_09_truck_driver_arrests", "2021-09-15"),
        ("ev_2022_az_aid_to_ukraine", "2022-02-26"),
    ],
)
def test_days_now_sourced_keep_the_corpus_quote(events, sources, event_id, day):
    row = events.loc[event_id]
    assert (row["date"], row["date_precision"]) == (day, "day")
    assert sources.loc[row["source_id"], "kind"] == "corpus"
    assert (EXCERPTS / f"{row['correction_source_id']}.txt").exists()


def test_user_notes_do_not_cite_internal_file_names():
    """A note a user reads names a public source (outlet and date), never a file of this repository."""
    internal = r"facts\.md|§|\b\w+\.(?:csv|md|py|geojson)\b"
    for name in [f for f in TABLE_FILES if (DATA / f).exists()]:
        frame = _read(name)
        for column in [c for c in ("notes", "title") if c in frame]:
            hits = frame[column].fillna("").str.contains(internal, regex=True)
            assert not hits.any(), (name, column, list(frame.loc[hits, column])[:3])
    corridors = json.loads((DATA / "corridors.geojson").read_text(encoding="utf-8"))
    for feature in corridors["features"]:
        assert not re.search(internal, feature["properties"].get("notes") or ""), feature["properties"]["corridor_id"]


# --- context events, excerpts, stances ---------------------------------------------------------------------------


def test_at_least_25_context_events_2018_2022_cite_external_sources(events, sources):
    kinds = events["source_id"].map(sources["kind"])
    years = events["date"].str[:4].astype(int)
    context = events[(kinds == "external") & years.between(2018, 2022)]
    assert len(context) >= 25
    with_excerpt = [sid for sid in context["source_id"] if (EXCERPTS / f"{sid}.txt").exists()]
    assert len(with_excerpt) >= 25


def test_every_excerpt_has_headers_and_a_source_row(sources):
    files = sorted(EXCERPTS.glob("*.txt"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        header, _, body = text.partition("\n\n")
        lines = header.splitlines()
        assert any(line.startswith("url: http") for line in lines), path.name
        assert any(line.startswith("retrieved: ") for line in lines), path.name
        assert body.strip(), path.name
        assert path.stem in sources.index and sources.loc[path.stem, "kind"] == "external", path.name
        url = next(line.split(": ", 1)[1] for line in lines if line.startswith("url: "))
        assert sources.loc[path.stem, "url"] == url, path.name


def test_external_quotes_with_an_excerpt_occur_in_it(sources):
    checked = 0
    for name, id_column in [(t.file, t.id_column) for t in TABLES if t.has_evidence and (DATA / t.file).exists()]:
        for row in _read(name).itertuples(index=False):
            path = EXCERPTS / f"{row.source_id}.txt"
            if sources.loc[row.source_id, "kind"] == "external" and path.exists():
                assert row.evidence in excerpt_body(path.read_text(encoding="utf-8")), getattr(row, id_column)
                checked += 1
    assert checked >= 25


def test_stance_coverage():
    stances = _read("stances.csv")
    assert len(stances) >= 50
    assert stances["topic_id"].nunique() >= 8
    assert stances["actor_id"].nunique() >= 10
    assert stances["stance"].astype(int).between(-2, 2).all()


def test_release_string_matches_changelog():
    """RELEASE names the newest release the changelog describes (its first heading that is not "Unreleased")."""
    import re

    release = (DATA / "RELEASE").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(\.\d+)?", release), release
    headings = re.findall(r"^## (\S+)", (DATA / "CHANGELOG.md").read_text(encoding="utf-8"), flags=re.M)
    assert [h for h in headings if h != "Unreleased"][0] == release
