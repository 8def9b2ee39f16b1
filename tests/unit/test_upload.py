"""Uploads (issue 21): every bad input of the issue, each a generated file, gets a message naming the file and
the problem, and no traceback; an ACLED-shaped export maps onto our tables as data/README.md says, checked
against an expectation computed from the generated rows in plain pandas. No real ACLED row is used."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from core import vocab
from core.acled import COLUMNS, acled_types
from core.filters import FilterSpec
from core.query import Store
from core.synthetic import write_dataset
from core.synthetic_acled import acled_frame
from core.upload import MAX_UPLOAD_MB
from core.user_data import check_upload, open_report
from components.shell.dataset import flag_data_dir
from tests.conftest import REPO


def _csv(frame: pd.DataFrame, **kwargs) -> bytes:
    return frame.to_csv(index=False, **kwargs).encode("utf-8")


def _problems(report) -> list[str]:
    return [f"{p['file']}|{p['row']}|{p['column']}|{p['problem']}|{p['value']}" for p in report.problems]


def _only(report, needle: str) -> dict:
    found = [p for p in report.problems if needle in p["problem"]]
    assert found, _problems(report)
    return found[0]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _bundled(name: str) -> pd.DataFrame:
    return pd.read_csv(REPO / "data" / name, dtype=str, keep_default_na=False, na_values=[""])


# ---- bad input -----------------------------------------------------------------------------------------------


def test_an_empty_file():
    report = check_upload("events.csv", b"")
    assert _only(report, "file is empty")["file"] == "events.csv" and not report.usable


def test_a_header_only_file():
    report = check_upload("export.csv", ",".join(COLUMNS).encode() + b"\n")
    assert _only(report, "header row but no data rows")["file"] == "export.csv" and not report.usable


def test_a_wrong_delimiter():
    report = check_upload("export.csv", _csv(acled_frame(5), sep=";"))
    assert _only(report, "separated by ';', not by commas")["file"] == "export.csv"


def test_latin1_bytes():
    frame = acled_frame(3)
    frame.loc[1, "location"] = "Gäncä"
    report = check_upload("export.csv", frame.to_csv(index=False).encode("latin-1"))
    problem = _only(report, "not valid UTF-8")
    assert problem["file"] == "export.csv" and "0xe4" in problem["problem"] and "line 3" in problem["problem"]


def test_a_byte_order_mark_is_dropped():
    report = check_upload("export.csv", b"\xef\xbb\xbf" + _csv(acled_frame(5)))
    assert report.kind == "acled" and report.problems == [] and len(report.tables["events.csv"]) == 5


def test_dates_in_three_formats():
    frame = acled_frame(3)
    frame["event_date"] = ["2020-09-27", "27 September 2020", "09/27/2020"]
    frame["time_precision"] = "1"
    report = check_upload("export.csv", _csv(frame))
    assert [p["row"] for p in report.problems] == [3]
    assert report.problems[0]["column"] == "event_date" and report.problems[0]["value"] == "09/27/2020"
    assert sorted(report.tables["events.csv"]["date"]) == ["2020-09-27", "2020-09-27"]


def test_amounts_written_as_5m_and_5_000():
    aid = _bundled("aid.csv").head(3).copy()
    aid["amount_usd"] = ["$5M", "5,000", "5000"]
    aid["parent_aid_id"] = None  # rows 2 and 3 name row 1 as their total; leaving row 1 out would drop them too
    report = check_upload("aid.csv", _csv(aid))
    bad = {p["value"]: p for p in report.problems if p["column"] == "amount_usd"}
    assert set(bad) == {"$5M", "5,000"}
    assert all("is not a plain number" in p["problem"] and p["file"] == "aid.csv" for p in bad.values())
    assert [bad["$5M"]["row"], bad["5,000"]["row"]] == [1, 2]
    assert list(report.tables["aid.csv"]["amount_usd"]) == [5000.0]  # the valid row goes on, as a number
    assert "sources.csv" in report.from_bundled  # one table is completed with the bundled ones


def test_the_bundled_tables_that_complete_an_upload_never_name_its_rows():
    """An upload without sources or actors is completed with the bundled tables, but not with one whose rows name
    rows of a row table the upload brings: the bundled claims read bundled events, not the user's."""
    with_events = check_upload("events.csv", _csv(_bundled("events.csv").head(3)))
    assert "claims.csv" not in with_events.from_bundled and "aid.csv" in with_events.from_bundled
    assert with_events.problems == []
    with_aid = check_upload("aid.csv", _csv(_bundled("aid.csv").head(3).assign(parent_aid_id=None)))
    assert {"events.csv", "claims.csv"} <= set(with_aid.from_bundled)  # the bundled claims read the bundled events


def test_latitude_200():
    frame = acled_frame(4)
    frame.loc[2, "latitude"] = "200"
    report = check_upload("export.csv", _csv(frame))
    problem = _only(report, "is not a number from -90 to 90")
    assert (problem["file"], problem["row"], problem["column"], problem["value"]) == ("export.csv", 3, "latitude", "200")
    assert len(report.tables["events.csv"]) == 3


def test_a_duplicate_id():
    frame = acled_frame(4)
    frame.loc[3, "event_id_cnty"] = frame.loc[0, "event_id_cnty"]
    report = check_upload("export.csv", _csv(frame))
    rows = sorted(p["row"] for p in report.problems if "duplicate id" in p["problem"])
    assert rows == [1, 4] and len(report.tables["events.csv"]) == 2


def test_an_unknown_actor_in_a_native_table():
    events = _bundled("events.csv").head(4).copy()
    events.loc[1, "actors"] = "zz_nobody"
    report = check_upload("events.csv", _csv(events))
    problem = _only(report, "unknown actor 'zz_nobody'")
    assert (problem["file"], problem["row"], problem["column"]) == ("events.csv", 2, "actors")
    assert len(report.tables["events.csv"]) == 3 and report.usable


def test_a_formula_cell_is_kept_as_text_and_guarded_on_export():
    frame = acled_frame(3)
    formula = '=HYPERLINK("http://example.org","click")'
    frame.loc[0, "notes"] = formula
    report = check_upload("export.csv", _csv(frame))
    assert report.problems == [] and formula in set(report.tables["events.csv"]["evidence"])
    exported = Store(open_report(report)).export_rows(FilterSpec())
    assert "'" + formula in set(exported["evidence"]) and formula not in set(exported["evidence"])


def test_a_script_in_a_title_is_kept_as_text():
    events = _bundled("events.csv").head(2).copy()
    events.loc[0, "title"] = "<script>alert(1)</script>"
    report = check_upload("events.csv", _csv(events))
    assert report.problems == [] and "<script>alert(1)</script>" in set(report.tables["events.csv"]["title"])
    # shown as text: tests/app/test_data_page.py opens it on the Timeline


def test_a_file_over_the_size_limit():
    report = check_upload("export.csv", _csv(acled_frame(50)), limit=2048)
    problem = _only(report, "over the 2.0 kB upload limit")
    assert problem["file"] == "export.csv" and not report.tables
    assert MAX_UPLOAD_MB == 200 and "maxUploadSize = 200" in (REPO / ".streamlit" / "config.toml").read_text()


def test_a_parquet_file_with_wrong_types():
    events = _bundled("events.csv").head(3).copy()
    frame = events.assign(date=[20200927, 20201010, 20201110], key_period=[1.5, 2.5, 0.5])
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    report = check_upload("events.parquet", buffer.getvalue())
    columns = {p["column"] for p in report.problems}
    assert {"date", "key_period"} <= columns and all(p["file"] == "events.parquet" for p in report.problems)
    assert "'20200927' is not a date written YYYY-MM-DD" in _problems(report)[0] or any(
        "20200927" in p["problem"] for p in report.problems)


def test_a_zip_renamed_csv():
    report = check_upload("events.csv", _zip({"events.csv": _csv(_bundled("events.csv"))}))
    assert _only(report, "this is a zip archive, not a .csv file")["file"] == "events.csv" and not report.tables


def test_a_zip_bomb():
    report = check_upload("data.zip", _zip({"events.csv": b"0" * (40 * 1024 * 1024)}))
    assert "zip bomb" in _only(report, "zip bomb")["problem"] and not report.tables


def test_a_zip_with_path_traversal():
    report = check_upload("data.zip", _zip({"../../x.csv": b"a,b\n1,2\n", "actors.csv": b"x\n"}))
    problem = _only(report, "path that leaves its folder")
    assert "../../x.csv" in problem["problem"] and problem["file"] == "data.zip" and not report.tables


# ---- good input ----------------------------------------------------------------------------------------------


def test_a_zip_of_a_data_directory_passes_whole(tmp_path):
    write_dataset(tmp_path, 60)
    members = {f"mydata/{p.name}": p.read_bytes() for p in tmp_path.iterdir() if p.suffix in (".csv", ".geojson")}
    report = check_upload("mydata.zip", _zip(members))
    assert report.kind == "native" and report.problems == [] and not report.from_bundled
    assert len(report.tables["events.csv"]) == 60
    dataset = open_report(report)
    assert dataset.user_supplied and len(dataset.tables["events"]) == 60


def test_an_excel_acled_export_reads_as_its_csv():
    frame = acled_frame(20, seed=3)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    from_excel = check_upload("export.xlsx", buffer.getvalue())
    from_csv = check_upload("export.csv", _csv(frame))
    assert from_excel.problems == [] and from_excel.kind == "acled"
    pd.testing.assert_frame_equal(from_excel.tables["events.csv"].reset_index(drop=True),
                                  from_csv.tables["events.csv"].reset_index(drop=True))


def test_acled_rows_map_onto_events_actors_places_and_sources():
    raw = acled_frame(200, seed=7)
    report = check_upload("export.csv", _csv(raw))
    # What data/README.md says, computed from the generated rows in plain pandas: every row is kept.
    events = report.tables["events.csv"].set_index("event_id")
    assert len(events) == len(raw) and report.problems == []
    precision = {"1": "day", "2": "month", "3": "year"}
    actor_names = dict(zip(report.tables["actors.csv"]["actor_id"], report.tables["actors.csv"]["name"]))
    places = report.tables["places.csv"].set_index("place_id")
    sources = dict(zip(report.tables["sources.csv"]["source_id"], report.tables["sources.csv"]["title"]))
    for row in raw.itertuples(index=False):
        event = events.loc["acled-" + row.event_id_cnty.lower()]
        day = pd.Timestamp(row.event_date)
        start = {"1": day, "2": day.replace(day=1), "3": day.replace(month=1, day=1)}[row.time_precision]
        assert event["date"] == f"{start:%Y-%m-%d}" and event["date_precision"] == precision[row.time_precision]
        assert [actor_names[a] for a in event["actors"].split(";")] == [row.actor1, row.actor2]
        place = places.loc[event["place_id"]]
        assert (place["name"], place["lat"], place["lon"]) == (row.location, float(row.latitude), float(row.longitude))
        assert sources[event["source_id"]] == row.source and event["evidence"] == row.notes
        assert event["event_type"] == vocab.ACLED_SUB_EVENT_TYPES[(row.event_type, row.sub_event_type)]
        assert acled_types(event["notes"]) == {"disorder_type": row.disorder_type, "event_type": row.event_type,
                                               "sub_event_type": row.sub_event_type}
        assert event["fatalities"] == int(row.fatalities) and event["confidence"] == "low"
    kinds = dict(zip(report.tables["actors.csv"]["name"], report.tables["actors.csv"]["kind"]))
    assert kinds["Synthetic State Forces of Country A"] == "armed_forces" and kinds["Synthetic Militia C"] == "organisation"


def test_every_acled_event_and_sub_event_type_is_kept():
    """Every (event type, sub-event type) of ACLED's codebook converts, with zero rows left out; only the rows with
    a defect of their own (a bad date, a bad coordinate, a duplicate id) are left out, each named."""
    frame = acled_frame(60, seed=1)
    assert set(zip(frame["event_type"], frame["sub_event_type"])) == set(vocab.ACLED_SUB_EVENT_TYPES)
    clean = check_upload("export.csv", _csv(frame))
    assert clean.problems == [] and len(clean.tables["events.csv"]) == 60
    assert set(clean.tables["events.csv"]["event_type"]) == set(vocab.ACLED_SUB_EVENT_TYPES.values())
    assert set(clean.tables["events.csv"]["event_type"]) <= set(vocab.FAMILY_OF)
    frame.loc[4, "event_date"] = "31 February 2021"
    frame.loc[9, "longitude"] = "east"
    frame.loc[14, "event_id_cnty"] = frame.loc[19, "event_id_cnty"]
    report = check_upload("export.csv", _csv(frame))
    named = sorted((p["row"], p["column"]) for p in report.problems)
    assert named == [(5, "event_date"), (10, "longitude"), (15, "event_id_cnty"), (20, "event_id_cnty")]
    assert len(report.tables["events.csv"]) == 56


def test_an_unknown_acled_event_type_is_named_and_left_out():
    frame = acled_frame(3)
    frame.loc[1, ["event_type", "sub_event_type"]] = ["Parades", "Peaceful protest"]
    report = check_upload("export.csv", _csv(frame))
    problem = _only(report, "is not one of ACLED's six event types")
    assert (problem["row"], problem["column"], problem["value"]) == (2, "event_type", "Parades")
    assert len(report.tables["events.csv"]) == 2


def test_fatalities_blank_is_unknown_and_zero_is_zero():
    frame = acled_frame(3)
    frame["fatalities"] = ["", "0", "4"]
    report = check_upload("export.csv", _csv(frame))
    assert report.problems == []
    deaths = report.tables["events.csv"].set_index("event_id")["fatalities"]
    assert pd.isna(deaths["acled-syn1"]) and deaths["acled-syn2"] == 0 and deaths["acled-syn3"] == 4
    shown = Store(open_report(report)).table_rows("events", FilterSpec()).set_index("event_id")["fatalities"]
    assert pd.isna(shown["acled-syn1"]) and shown["acled-syn2"] == 0 and shown["acled-syn3"] == 4


def test_a_native_events_table_may_give_fatalities_or_not():
    events = _bundled("events.csv").head(3).copy()
    assert check_upload("events.csv", _csv(events)).tables["events.csv"]["fatalities"].isna().all()
    events["fatalities"] = ["", "0", "-1"]
    report = check_upload("events.csv", _csv(events))
    assert [(p["row"], p["column"]) for p in report.problems] == [(3, "fatalities")]
    assert list(report.tables["events.csv"]["fatalities"].astype(object).fillna(-9)) == [-9, 0]


def test_acled_state_forces_are_found_under_the_records_state():
    frame = acled_frame(4)
    frame["actor1"] = ["Military Forces of Azerbaijan (2003-)", "Police Forces of Armenia (2018-) Special Police",
                       "Synthetic Militia C", "Military Forces of Ukraine (2019-)"]
    frame["inter1"] = ["State forces", "State forces", "Political militia", "1"]
    report = check_upload("export.csv", _csv(frame))
    assert report.problems == []
    actors = report.tables["actors.csv"].set_index("name")
    assert actors.loc["Military Forces of Azerbaijan (2003-)", "parent_id"] == "az"
    assert actors.loc["Police Forces of Armenia (2018-) Special Police", "parent_id"] == "am"
    assert actors.loc["Azerbaijan", "actor_id"] == "az" and actors.loc["Armenia", "actor_id"] == "am"
    state_forces = actors.loc["ACLED: State forces", "actor_id"]  # another state's forces: under ACLED's inter
    assert actors.loc["Military Forces of Ukraine (2019-)", "parent_id"] == state_forces
    assert actors.loc["Synthetic Militia C", "parent_id"] == actors.loc["ACLED: Political militia", "actor_id"]
    store = Store(open_report(report))
    assert list(store.export_rows(FilterSpec(actors=(("az",), True)))["event_id"]) == ["acled-syn1"]
    assert list(store.export_rows(FilterSpec(actors=(("am",), True)))["event_id"]) == ["acled-syn2"]


def test_an_upload_never_touches_the_bundled_files():
    before = {p.name: p.stat().st_mtime_ns for p in (REPO / "data").glob("*.csv")}
    dataset = open_report(check_upload("events.csv", _csv(_bundled("events.csv").head(3))))
    assert {p.name: p.stat().st_mtime_ns for p in (REPO / "data").glob("*.csv")} == before
    assert dataset.data_dir != REPO / "data" and not list(dataset.data_dir.iterdir())


@pytest.mark.parametrize("argv, expected", [(["--data-dir", "/x"], "/x"), (["--data-dir=/y"], "/y"), ([], None),
                                            (["--data-dir"], None)])
def test_the_data_dir_flag(argv, expected):
    assert flag_data_dir(argv) == expected
