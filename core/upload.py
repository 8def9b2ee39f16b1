"""Upload safety: turn what a user uploads into table files the loader reads, or into a clear problem.

An upload is one file: a CSV, Excel or Parquet table (named after its table, `events.csv`, or an ACLED export
under any name), or a zip of a data directory. Before anything is parsed:

- its size is checked against the limit the page states (MAX_UPLOAD_MB, the same as `server.maxUploadSize`);
- its kind comes from its bytes, not its name: a zip renamed `.csv` is named as such and refused;
- a zip is opened member by member: a path that leaves the directory (`../../x`, `/etc/x`, `C:\\x`) is refused,
  and so is an archive whose members would unpack to more than MAX_UNZIPPED_BYTES or expand more than
  MAX_RATIO times (a zip bomb); the byte count is checked while reading, not taken from the archive's header;
- a text file is read as UTF-8 (a byte-order mark is dropped), and a file in another encoding or with another
  delimiter is refused with a message saying which, so nothing is guessed.

Everything here returns (files, problems): problems name the file and what is wrong; nothing raises.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

import pandas as pd

from core.problems import Problem

MAX_UPLOAD_MB = 200  # keep equal to server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024  # 1 GiB unpacked in all
MAX_RATIO = 200  # a member that expands more than this (and to over 1 MB) is treated as a bomb
MAX_MEMBERS = 200
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx")
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_PARQUET_MAGIC = b"PAR1"
_DELIMITERS = (";", "\t", "|")


def kind_of(data: bytes) -> str:
    """What the bytes are, whatever the name says: 'zip' (also .xlsx), 'parquet' or 'text'."""
    if data.startswith(_ZIP_MAGIC) or data.startswith(_EMPTY_ZIP):
        return "zip"
    if data.startswith(_PARQUET_MAGIC):
        return "parquet"
    return "text"


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:,.1f} kB"


def size_problem(name: str, size: int, limit: int = MAX_UPLOAD_BYTES) -> Problem | None:
    if size > limit:
        return Problem(name, f"the file is {size_text(size)}, over the {size_text(limit)} upload limit (split it, "
                             "or zip a data directory)")
    return None


def unpack(name: str, data: bytes, limit: int = MAX_UPLOAD_BYTES) -> tuple[dict[str, bytes], list[Problem]]:
    """One uploaded file -> {file name: bytes} of the tables it holds (CSV as UTF-8 text, Parquet as is)."""
    too_big = size_problem(name, len(data), limit)
    if too_big:
        return {}, [too_big]
    if not data.strip():
        return {}, [Problem(name, "file is empty (expected a header row and data)")]
    suffix = PurePosixPath(name.lower()).suffix
    kind = kind_of(data)
    if kind == "zip" and suffix == ".zip":
        return _unzip(name, data)
    if kind == "zip" and suffix == ".xlsx":
        return _excel(name, data)
    if kind == "zip":
        return {}, [Problem(name, f"this is a zip archive, not a {suffix or 'table'} file: upload it with its real "
                                  "name ending .zip")]
    if suffix == ".zip":
        return {}, [Problem(name, "the name ends .zip but this is not a zip archive")]
    if suffix == ".xlsx":
        return {}, [Problem(name, "the name ends .xlsx but this is not an Excel workbook")]
    if kind == "parquet" or suffix == ".parquet":
        if kind != "parquet":
            return {}, [Problem(name, "the name ends .parquet but this is not a Parquet file")]
        return {_stem(name) + ".parquet": data}, []
    if suffix not in (".csv", ".txt", ""):
        return {}, [Problem(name, f"unsupported file type '{suffix}' (upload .csv, .xlsx, .parquet or .zip)")]
    text, problems = decode_text(name, data)
    if problems:
        return {}, problems
    return {_stem(name) + ".csv": text.encode("utf-8")}, []


def decode_text(name: str, data: bytes) -> tuple[str, list[Problem]]:
    """UTF-8 text without its byte-order mark, or a problem naming the encoding or the delimiter."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", [Problem(name, "the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8")]
    if is_binary(data):
        return "", [Problem(name, "not a text file: it holds binary data (an image, a program, a document?), not a "
                                  "table. Upload a CSV, an Excel workbook (.xlsx), a Parquet file or a zip")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", [Problem(name, f"not valid UTF-8: byte 0x{data[exc.start]:02x} on line {line} (perhaps Latin-1 "
                                  "or Windows-1252): save the file as UTF-8", line)]
    if not text.strip():
        return "", [Problem(name, "file is empty (expected a header row and data)")]
    header = text.lstrip().splitlines()[0]
    if "," not in header:
        counts = {d: header.count(d) for d in _DELIMITERS}
        found = max(counts, key=counts.get)
        if counts[found]:
            shown = "tab" if found == "\t" else f"'{found}'"
            return "", [Problem(name, f"columns are separated by {shown}, not by commas: save it as a "
                                      "comma-separated CSV")]
    rows = text.strip().splitlines()
    if len(rows) < 2:
        return "", [Problem(name, "the file has a header row but no data rows")]
    return text, []


_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])


def is_binary(data: bytes, sample: int = 8192) -> bool:
    """True when the start of the bytes is not text in any encoding: a NUL byte, or more than one byte in ten a
    control character (text in Latin-1 or Windows-1252 has neither; an image or a program has both)."""
    head = data[:sample]
    if b"\x00" in head:
        return True
    return len(head) > 0 and len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 10


def _stem(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name.rsplit(".", 1)[0]


def _unsafe_path(member: str) -> bool:
    posix, windows = PurePosixPath(member), PureWindowsPath(member)
    return (posix.is_absolute() or windows.is_absolute() or bool(windows.drive) or "\\" in member
            or any(part == ".." for part in posix.parts))


def _unzip(name: str, data: bytes) -> tuple[dict[str, bytes], list[Problem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return {}, [Problem(name, f"not a readable zip archive: {exc}")]
    if len(members) > MAX_MEMBERS:
        return {}, [Problem(name, f"the archive holds {len(members):,} files, over the limit of {MAX_MEMBERS}")]
    for info in members:
        if _unsafe_path(info.filename):
            return {}, [Problem(name, f"the archive holds a path that leaves its folder ('{info.filename[:80]}'), "
                                      "so nothing in it was opened")]
    declared = sum(info.file_size for info in members)
    if declared > MAX_UNZIPPED_BYTES:
        return {}, [Problem(name, f"the archive would unpack to {declared / 1024 / 1024:,.0f} MB, over the "
                                  f"{MAX_UNZIPPED_BYTES // 1024 // 1024:,} MB limit (a zip bomb?), so it was not opened")]
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    total = 0
    for info in members:
        path = PurePosixPath(info.filename)
        if info.is_dir() or "__MACOSX" in path.parts or path.name.startswith("."):
            continue
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return {}, [Problem(name, f"'{info.filename[:80]}' expands {info.file_size / max(info.compress_size, 1):,.0f} "
                                      "times (a zip bomb?), so the archive was not opened")]
        if path.suffix.lower() not in TABLE_SUFFIXES and path.name != "corridors.geojson":
            continue  # corpus texts, excerpts, READMEs: an upload's quotes are not checked against them
        try:
            content = _read_capped(archive, info, MAX_UNZIPPED_BYTES - total)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
            problems.append(Problem(f"{name}/{info.filename}", f"could not be unpacked: {exc}"))
            continue
        if content is None:
            return {}, [Problem(name, "the archive unpacks to more than it declares (a zip bomb?), so it was not opened")]
        total += len(content)
        member = f"{name}/{info.filename}"
        if path.name == "corridors.geojson":
            files[path.name] = content
            continue
        if kind_of(content) == "zip" and path.suffix.lower() != ".xlsx":
            problems.append(Problem(member, "a zip inside the zip is not opened"))
            continue
        found, trouble = unpack(path.name, content, MAX_UNZIPPED_BYTES)
        problems += [Problem(member, p.message, p.row, p.column, p.row_id) for p in trouble]
        for table, content in found.items():
            if table in files:
                problems.append(Problem(member, f"a second file for the table '{table}' (one file per table)"))
            else:
                files[table] = content
    if not files and not problems:
        problems.append(Problem(name, "the archive holds no table files (.csv, .xlsx or .parquet)"))
    return files, problems


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes | None:
    """The member's bytes, or None when it unpacks to more than it declares or than the budget allows."""
    cap = min(info.file_size, budget)
    chunks, read = [], 0
    with archive.open(info) as handle:
        while True:
            block = handle.read(1 << 20)
            if not block:
                break
            read += len(block)
            if read > cap:
                return None
            chunks.append(block)
    return b"".join(chunks)


def _excel(name: str, data: bytes) -> tuple[dict[str, bytes], list[Problem]]:
    """The first sheet of a workbook, every cell as text, as a CSV."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        declared = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return {}, [Problem(name, f"not a readable Excel workbook: {exc}")]
    if declared > MAX_UNZIPPED_BYTES:
        return {}, [Problem(name, "the workbook would unpack to more than the limit (a zip bomb?), so it was not opened")]
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=str, keep_default_na=False, na_values=[""],
                              engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        return {}, [Problem(name, f"not a readable Excel workbook: {str(exc)[:200]}")]
    if frame.empty:
        return {}, [Problem(name, "the first sheet has a header row but no data rows")]
    return {_stem(name) + ".csv": frame.to_csv(index=False, quoting=csv.QUOTE_MINIMAL).encode("utf-8")}, []
