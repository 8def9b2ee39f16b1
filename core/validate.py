"""Command line: `python -m core.validate DIR_OR_FILE` prints a validation report.

Exit status 0 when everything is valid, 1 when anything is not (2 for a path that does not exist).
A directory gets every check (schemas, references, verbatim evidence, and the corpus manifest where it ships
one); a single CSV or Parquet table gets its own schema only, because references need the other tables. `--stamp` (directories only) records the fingerprint
of a valid directory in VALIDATED; the app trusts it for the bundled data/ directory only, to skip re-checking
those exact files at start-up. It also writes prebuilt/passages.arrow, the passages of the readable texts built
for that data version (core/prebuilt.py), which the app then reads at start instead of building them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from core import schema
from core.load import check_all, read_corridors, read_file, table_name, write_stamp
from core.prebuilt import write_prebuilt


def report(path: Path) -> tuple[list[str], int]:
    if path.is_dir():
        tables, _, problems = check_all(path)
        counts = [f"  {name}: {len(frame)} rows" for name, frame in tables.items()]
    elif path.name == "corridors.geojson":
        collection, problems = read_corridors(path.name, path.read_bytes())
        counts = [f"  {path.name}: {len(collection['features'])} features"] if collection else []
    elif table_name(path.name) in schema.TABLES:
        frame, problems = read_file(path)
        counts = [f"  {path.name}: {len(frame)} rows"] if frame is not None else []
    else:
        return [f"{path}: not a data directory or a known table ({', '.join(schema.TABLES)})"], 1
    lines = [f"Validated {path}"] + counts
    if problems:
        lines.append(f"INVALID: {len(problems)} problem(s)")
        lines += [f"  - {p}" for p in problems]
        return lines, 1
    lines.append("OK: no problems found")
    return lines, 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stamp = "--stamp" in argv
    argv = [a for a in argv if a != "--stamp"]
    if len(argv) != 1:
        print("usage: python -m core.validate [--stamp] DIR_OR_FILE", file=sys.stderr)
        return 2
    path = Path(argv[0])
    if not path.exists():
        print(f"{path}: no such file or directory", file=sys.stderr)
        return 2
    lines, status = report(path)
    if stamp and status == 0 and path.is_dir():
        version = write_stamp(path)
        lines.append(f"Stamped {path / 'VALIDATED'} with data version {version}")
        lines.append(f"Wrote {write_prebuilt(path, version)} (the passages, read at start instead of built)")
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
