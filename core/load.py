"""Load a data directory into one frozen, validated Dataset.

Loading reads every file as text, validates each table lazily (so every problem is reported at once),
checks the cross-table references and the verbatim evidence, and computes a short fingerprint of the files
that pages show and share links carry.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core import vocab
from core.problems import DataError, Problem, from_failure_cases

STAMP_FILE = "VALIDATED"  # holds the fingerprint of the files that last passed every check
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LINE_CHARS = 100_000
FINGERPRINT_CHARS = 10
# Files whose bytes make up the data version. README.md is documentation and does not change the version.
_FINGERPRINT_GLOBS = ("*.csv", "*.geojson", "RELEASE", "corpus/*", "reference/*", "reference/excerpts/*")


@dataclass(frozen=True)
class Dataset:
    """Every bundled table, validated, plus derived columns for the pages.

    Derived columns: events.start / events.end (Timestamps), events.actor_ids (tuple of ids),
    stances.when (Timestamp). The frames are shared by every session: treat them as read-only.
    """

    data_dir: Path
    fingerprint: str
    release: str
    sources: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    topics: pd.DataFrame
    events: pd.DataFrame
    aid: pd.DataFrame
    stances: pd.DataFrame
    relations: pd.DataFrame
    corridors: dict = field(repr=False)

    def corpus_text(self, source_id: str) -> str:
        """The verbatim text of a corpus source ('' for an external source)."""
        row = self.sources.loc[self.sources["source_id"] == source_id]
        if row.empty or pd.isna(row.iloc[0]["corpus_file"]):
            return ""
        return (self.data_dir / row.iloc[0]["corpus_file"]).read_text(encoding="utf-8")

    def reference_text(self) -> str:
        path = self.data_dir / "reference" / "facts.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    @property
    def year_span(self) -> tuple[int, int]:
        """First and last year any event, aid row or stance touches (ignoring planned ends after today)."""
        years = [int(self.events["start"].dt.year.min()), int(self.events["start"].dt.year.max())]
        years += [int(self.aid["fiscal_year"].min()), int(self.aid["fiscal_year"].max())]
        return min(years), max(years)


def read_text_file(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file defensively: size, encoding and line-length problems are reported, not raised."""
    name = _display_name(path)
    if not path.exists():
        return None, [Problem(name, "file is missing")]
    size = path.stat().st_size
    if size == 0:
        return None, [Problem(name, "file is empty (expected a header row and data)")]
    if size > MAX_FILE_BYTES:
        return None, [Problem(name, f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, f"not valid UTF-8: byte 0x{raw[exc.start]:02x} on line {line} (save the file as UTF-8)")]
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            return None, [Problem(name, f"line {number} is {len(line):,} characters long, over the {MAX_LINE_CHARS:,} limit")]
    if not text.strip():
        return None, [Problem(name, "file is empty (expected a header row and data)")]
    return text, []


def read_table(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and validate one CSV table by its file name. Returns (validated frame or None, problems)."""
    name = _display_name(path)
    text, problems = read_text_file(path)
    if text is None:
        return None, problems
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, ValueError) as exc:
        return None, [Problem(name, f"not a readable CSV: {str(exc).strip()}")]
    import pandera.pandas as pa  # imported here: a trusted load never needs it, and it costs ~1 s

    from core import schema

    table = path.name
    if table not in schema.TABLES:
        return frame, [Problem(name, f"unknown table (expected one of {', '.join(schema.TABLES)})")]
    table_schema, id_column = schema.TABLES[table]
    ids = frame[id_column] if id_column in frame.columns else None
    try:
        return table_schema.validate(frame, lazy=True), []
    except pa.errors.SchemaErrors as exc:
        return None, from_failure_cases(name, exc.failure_cases, ids)


def read_corridors(path: Path) -> tuple[dict | None, list[Problem]]:
    name = _display_name(path)
    text, problems = read_text_file(path)
    if text is None:
        return None, problems
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(name, f"not valid JSON: {exc.msg} at line {exc.lineno}")]
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return None, [Problem(name, "not a GeoJSON FeatureCollection")]
    problems = []
    seen = set()
    for number, feature in enumerate(collection.get("features", []), start=1):
        props = feature.get("properties") or {}
        cid = props.get("corridor_id")
        for key in vocab.CORRIDOR_PROPERTIES:
            if key not in props:
                problems.append(Problem(name, "property is missing", number, key, cid))
        if cid in seen:
            problems.append(Problem(name, f"duplicate id '{cid}'", number, "corridor_id", cid))
        seen.add(cid)
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") or []
        if geometry.get("type") != "LineString" or len(coords) < 2:
            problems.append(Problem(name, "geometry must be a LineString with at least two points", number, "geometry", cid))
            continue
        for lon, lat, *_ in coords:
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                problems.append(Problem(name, f"coordinate ({lon}, {lat}) is out of range", number, "geometry", cid))
    return collection, problems


def fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in _FINGERPRINT_GLOBS for p in data_dir.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:FINGERPRINT_CHARS]


def collect(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict | None, list[Problem]]:
    """Read and validate every table; no cross-table checks."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for table in vocab.TABLE_FILES:
        frame, found = read_table(data_dir / table)
        problems += found
        if frame is not None:
            tables[table] = frame
    corridors, found = read_corridors(data_dir / "corridors.geojson")
    problems += found
    return tables, corridors, problems


def check_all(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict | None, list[Problem]]:
    """Read a data directory with every check: schemas, cross-table references, evidence, corpus manifest."""
    from core.evidence import check_evidence
    from core.integrity import check_integrity

    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return {}, None, [Problem(str(data_dir), "not a directory")]
    tables, corridors, problems = collect(data_dir)
    if len(tables) == len(vocab.TABLE_FILES):
        problems += check_integrity(tables, corridors or {"features": []})
        problems += check_evidence(data_dir, tables)
    return tables, corridors, problems


def check_directory(data_dir: Path) -> list[Problem]:
    """Every problem in a data directory (empty when all is well)."""
    return check_all(data_dir)[2]


def is_stamped(data_dir: Path, version: str) -> bool:
    """True when these exact files (same fingerprint) already passed every check and were stamped so."""
    stamp = Path(data_dir) / STAMP_FILE
    return stamp.exists() and stamp.read_text(encoding="utf-8").strip() == version


def write_stamp(data_dir: Path) -> str:
    version = fingerprint(Path(data_dir))
    (Path(data_dir) / STAMP_FILE).write_text(version + "\n", encoding="utf-8")
    return version


def read_trusted(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """Read files whose fingerprint was stamped as valid: the schemas' type conversions, without the checks."""
    tables = {}
    for table in vocab.TABLE_FILES:
        frame = pd.read_csv(data_dir / table, dtype="str", keep_default_na=False, na_values=[""], encoding="utf-8")
        for column, dtype in vocab.NON_TEXT_COLUMNS.get(table, {}).items():
            frame[column] = pd.to_numeric(frame[column]).astype(dtype)
        tables[table] = frame
    corridors = json.loads((data_dir / "corridors.geojson").read_text(encoding="utf-8"))
    return tables, corridors


def load_dataset(data_dir: str | Path, trust_stamp: bool = True) -> Dataset:
    """Load and validate a data directory. Raises DataError listing every problem when anything is wrong.

    With trust_stamp, files whose fingerprint matches data/VALIDATED skip the checks they already passed (the
    unit tests re-run every check and fail when the stamp is stale); any edit changes the fingerprint and brings
    the full validation back.
    """
    data_dir = Path(data_dir)
    version = fingerprint(data_dir)
    if trust_stamp and is_stamped(data_dir, version):
        tables, corridors = read_trusted(data_dir)
    else:
        tables, corridors, problems = check_all(data_dir)
        if problems:
            raise DataError(problems)
    release_path = data_dir / "RELEASE"
    release = release_path.read_text(encoding="utf-8").strip() if release_path.exists() else ""
    return Dataset(
        data_dir=data_dir,
        fingerprint=version,
        release=release,
        sources=tables["sources.csv"],
        actors=tables["actors.csv"],
        places=tables["places.csv"],
        topics=tables["topics.csv"],
        events=_with_event_columns(tables["events.csv"]),
        aid=tables["aid.csv"],
        stances=_with_stance_columns(tables["stances.csv"]),
        relations=tables["relations.csv"],
        corridors=corridors,
    )


def _with_event_columns(events: pd.DataFrame) -> pd.DataFrame:
    events = events.copy()
    events["start"] = pd.to_datetime(events["date"], format="%Y-%m-%d")
    events["end"] = pd.to_datetime(events["end_date"], format="%Y-%m-%d")
    events["actor_ids"] = events["actors"].map(lambda s: tuple(s.split(";")))
    events["key_period"] = events["key_period"] == "true"
    return events.sort_values(["start", "event_id"], kind="stable").reset_index(drop=True)


def _with_stance_columns(stances: pd.DataFrame) -> pd.DataFrame:
    stances = stances.copy()
    stances["when"] = pd.to_datetime(stances["date"], format="%Y-%m-%d")
    return stances


def _display_name(path: Path) -> str:
    parent = path.parent.name
    return f"{parent}/{path.name}" if parent in ("corpus", "reference") else path.name
