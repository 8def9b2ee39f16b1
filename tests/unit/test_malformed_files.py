"""Each kind of malformed file, generated here, is reported with a problem that names file, row and column."""

from __future__ import annotations

import pytest

from core.load import check_directory, load_dataset, read_file
from core.problems import DataError
from tests.csv_edit import rewrite_csv


def _messages(problems):
    return [str(p) for p in problems]


def test_missing_column_is_named(data_copy):
    path = data_copy / "events.csv"
    rewrite_csv(path, lambda rows: [c for c in rows[0] if c != "date_precision"])
    frame, problems = read_file(path)
    assert frame is None
    assert any(p.column == "date_precision" and "missing" in p.message for p in problems), _messages(problems)


def test_bad_date_names_row_and_column(data_copy):
    path = data_copy / "events.csv"

    def edit(rows):
        rows[2]["date"] = "2022-02-30"
        rows[4]["date"] = "Dec 2022"

    rewrite_csv(path, edit)
    _, problems = read_file(path)
    found = {(p.row, p.column) for p in problems}
    assert (3, "date") in found and (5, "date") in found, _messages(problems)
    assert any("not a real calendar date" in p.message for p in problems)
    assert any("YYYY-MM-DD" in p.message for p in problems)


def test_unknown_actor_is_a_reference_problem(data_copy):
    path = data_copy / "events.csv"

    def edit(rows):
        rows[0]["actors"] = rows[0]["actors"] + ";atlantis"

    rewrite_csv(path, edit)
    problems = check_directory(data_copy)
    assert any(p.file == "events.csv" and p.row == 1 and p.column == "actors" and "atlantis" in p.message for p in problems), _messages(problems)


def test_duplicate_id(data_copy):
    path = data_copy / "actors.csv"

    def edit(rows):
        rows.append(dict(rows[0]))

    rewrite_csv(path, edit)
    _, problems = read_file(path)
    assert any(p.column == "actor_id" and "duplicate id" in p.message for p in problems), _messages(problems)


@pytest.mark.parametrize(
    "cell, message",
    [("$5M", "'$5M' is not a plain number"), ("5,000,000", "is not a plain number"), ("0", "out of range: greater_than(0)")],
    ids=["dollar-text", "thousands-commas", "zero-for-unknown"],
)
def test_amount_must_be_plain_positive_digits(data_copy, cell, message):
    path = data_copy / "aid.csv"

    def edit(rows):
        rows[0]["amount_usd"] = cell

    rewrite_csv(path, edit)
    _, problems = read_file(path)
    assert [p for p in problems if p.column == "amount_usd" and p.row == 1 and message in p.message], _messages(problems)


def test_empty_file(data_copy):
    (data_copy / "places.csv").write_bytes(b"")
    problems = check_directory(data_copy)
    assert any(p.file == "places.csv" and "empty" in p.message for p in problems), _messages(problems)


def test_wrong_encoding(data_copy):
    path = data_copy / "actors.csv"
    # A spreadsheet saved as Windows-1252: 'Türkiye' has a lone 0xFC byte, which is not UTF-8.
    path.write_bytes(path.read_text(encoding="utf-8").replace("Turkey", "Türkiye").encode("cp1252"))
    _, problems = read_file(path)
    assert len(problems) == 1 and "not valid UTF-8" in problems[0].message and "line" in problems[0].message, _messages(problems)


def test_fifty_megabyte_line(data_copy):
    path = data_copy / "topics.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("huge,Huge," + "x" * (50 * 1024 * 1024) + ",x\n")
    _, problems = read_file(path)
    assert len(problems) == 1 and "MB" in problems[0].message and "limit" in problems[0].message


def test_long_line_under_size_limit(data_copy):
    path = data_copy / "topics.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("long,Long," + "y" * 200_000 + ",x\n")
    _, problems = read_file(path)
    assert len(problems) == 1 and "characters long" in problems[0].message


def test_unexpected_column(data_copy):
    path = data_copy / "topics.csv"

    def edit(rows):
        for row in rows:
            row["colour"] = "red"
        return list(rows[0])

    rewrite_csv(path, edit)
    _, problems = read_file(path)
    assert any(p.column == "colour" and "unexpected column" in p.message for p in problems)


def test_every_problem_reported_at_once(data_copy):
    def break_events(rows):
        rows[0]["confidence"] = "certain"
        rows[1]["event_type"] = "party"

    rewrite_csv(data_copy / "events.csv", break_events)
    (data_copy / "places.csv").write_bytes(b"")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    problems = info.value.problems
    assert {("events.csv", 1, "confidence"), ("events.csv", 2, "event_type")} <= {(p.file, p.row, p.column) for p in problems}
    assert any(p.file == "places.csv" for p in problems)
    assert "certain" in str(info.value)


def test_bundled_data_is_not_touched_by_a_failed_load(data_copy):
    from tests.conftest import DATA_DIR

    before = {p.name: p.read_bytes() for p in DATA_DIR.glob("*.csv")}
    (data_copy / "aid.csv").write_text("garbage", encoding="utf-8")
    with pytest.raises(DataError):
        load_dataset(data_copy)
    assert before == {p.name: p.read_bytes() for p in DATA_DIR.glob("*.csv")}
