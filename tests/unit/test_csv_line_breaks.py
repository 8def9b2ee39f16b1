"""A line break inside a quoted CSV field (RFC 4180) is read at any size, wherever pyarrow's read blocks end
(issue T: at a million events one fell at a block's end and the read failed, "parser got out of sync")."""

from __future__ import annotations

import pyarrow.csv
import pytest

import core.load
from core.load import load_dataset, parse_frame
from core.synthetic import write_dataset

HEADER = b"row_id,text,tail\n"


def _row(i: int, pad: int = 0) -> tuple[bytes, str]:
    """A row whose middle field holds a comma, double quotes and a line break; `pad` dots lengthen its first line."""
    text = f'line one of {i:06d}, with "quotes"{"." * pad}\nline two'
    quoted = '"' + text.replace('"', '""') + '"'
    return f"r{i:06d},{quoted},t{i:06d}\n".encode(), text


def _breaks_at_block_ends(block: int, blocks: int) -> tuple[bytes, list[str]]:
    """A CSV of `blocks` read blocks whose rows each hold a quoted line break. Before every block boundary one row is
    padded so that its quoted break is the block's last byte: the block's last newline is then inside a field,
    which a reader that ends blocks at any newline cuts in two. Returns the bytes and the texts, in row order."""
    out = bytearray(HEADER)
    texts: list[str] = []
    plain, _ = _row(0)
    break_offset = plain.index(b"\n")  # the quoted break's offset in an unpadded row
    for boundary in range(block, block * blocks + 1, block):
        while len(out) + 2 * len(plain) < boundary:  # plain rows up to one or two rows before the boundary
            row, text = _row(len(texts))
            out += row
            texts.append(text)
        row, text = _row(len(texts), pad=boundary - 1 - (len(out) + break_offset))
        out += row
        texts.append(text)
        assert out[boundary - 1] == ord("\n") and out.count(b"\n", 0, boundary) % 2 == 0  # a quoted break
    return bytes(out), texts


def _assert_read_whole(data: bytes, texts: list[str]) -> None:
    frame, problems = parse_frame("events.csv", data)
    assert problems == [] and frame is not None
    assert len(frame) == len(texts)
    assert frame["text"].tolist() == texts  # every break and quote kept, nothing shifted into the next column
    assert frame["tail"].tolist() == [f"t{i:06d}" for i in range(len(texts))]


def test_quoted_line_breaks_at_pyarrows_default_block_ends():
    """Three boundaries of pyarrow's own default block (1 MiB): the case the app meets, with no setting changed."""
    block = pyarrow.csv.ReadOptions().block_size
    data, texts = _breaks_at_block_ends(block, blocks=3)
    _assert_read_whole(data, texts)


def test_quoted_line_breaks_at_many_small_block_ends(monkeypatch):
    block = 4096
    monkeypatch.setattr(core.load, "CSV_BLOCK_BYTES", block)
    data, texts = _breaks_at_block_ends(block, blocks=60)
    _assert_read_whole(data, texts)


def test_blanks_stay_missing_and_quoted_blanks_too():
    frame, problems = parse_frame("events.csv", b'\xef\xbb\xbfrow_id,text,tail\r\nr1,,"a\r\nb"\r\nr2,"",\r\n')
    assert problems == []
    assert frame.columns.tolist() == ["row_id", "text", "tail"]  # the byte order mark is not in the first name
    assert frame["text"].isna().all()
    assert frame["tail"].tolist()[0] == "a\r\nb" and frame["tail"].isna().tolist() == [False, True]


def test_generated_text_holds_quoted_line_breaks_commas_and_quotes_and_validates(tmp_path):
    directory = write_dataset(tmp_path / "synthetic", 60)
    assert b'"Synthetic event 0, ""quoted""\nover two lines"' in (directory / "events.csv").read_bytes()
    events = load_dataset(directory).tables["events"].set_index("event_id")
    assert events.loc["ev_syn_0000000", "title"] == 'Synthetic event 0, "quoted"\nover two lines'
    assert events.loc["ev_syn_0000005", "notes"] == 'Synthetic note 5: a comma, "double quotes"\nand a second line.'
    assert events["evidence"].str.contains("\n").any() and events["evidence"].str.contains('"').all()


@pytest.mark.parametrize("header, names", [(b"a,b,a,,a", ["a", "b", "a.1", "Unnamed: 3", "a.2"])])
def test_a_bad_header_gets_pandas_names(header, names):
    """Repeated and blank header cells are named as pandas named them, so the report's unexpected columns read the
    same as before."""
    frame, _ = parse_frame("actors.csv", header + b"\n1,2,3,4,5\n")
    assert frame.columns.tolist() == names
