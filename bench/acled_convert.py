"""ACLED's whole global file, converted on the command line (issue 30): N generated ACLED-shaped rows (default
2,500,000, about the size of ACLED's global export; never real ACLED rows) written to a CSV, then
`python -m core.acled EXPORT.csv OUT_DIR` timed as its own process with its peak memory, then the converted
directory opened as the app opens it (load_dataset, then the query layer) in a second process.
Targets: the conversion in 60 s or less with a peak RSS of 2 GB or less, on an idle 2-core machine.

    python -m bench.acled_convert [N]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHUNK = 250_000
OPEN = ("import sys, time; t = time.perf_counter(); from core.load import load_dataset; from core.query import Store; "
        "d = load_dataset(sys.argv[1]); Store(d); print(f'{len(d.tables[\"events\"]):,} events opened in "
        "{time.perf_counter() - t:.1f} s')")


def write_export(path: Path, rows: int) -> None:
    """The rows in chunks, each from its own seed, their ids numbered across the whole file."""
    from core.synthetic_acled import acled_frame

    with path.open("w", encoding="utf-8", newline="") as handle:
        for start in range(0, rows, CHUNK):
            frame = acled_frame(min(CHUNK, rows - start), seed=start // CHUNK)
            frame["event_id_cnty"] = [f"SYN{start + i + 1}" for i in range(len(frame))]
            frame.to_csv(handle, index=False, header=start == 0)


def timed(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, the largest peak RSS of any child so far in MB, its output)."""
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - began, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.stdout


def main(rows: int = 2_500_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        export, out = Path(folder) / "export.csv", Path(folder) / "out"
        began = time.perf_counter()
        write_export(export, rows)
        print(f"{rows:,} generated rows, {export.stat().st_size / 1e6:,.0f} MB, written in {time.perf_counter() - began:.0f} s")
        wall, peak, output = timed([sys.executable, "-m", "core.acled", str(export), str(out)])
        print(f"python -m core.acled: {wall:.1f} s wall, peak RSS {peak:,.0f} MB")
        print("  " + "\n  ".join(output.strip().splitlines()[:4]))
        wall, peak_open, output = timed([sys.executable, "-c", OPEN, str(out)])
        print(f"open: {output.strip()} ({wall:.1f} s with the interpreter's start; peak RSS of either step "
              f"{peak_open:,.0f} MB)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
