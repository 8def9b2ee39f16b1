"""The bundled release's own checks: the corpus files still rebuild the seed they were split from.

These are not generic data checks. A dataset someone brings has no MANIFEST and is not held to them; the
bundled data directory always is (a missing MANIFEST there is a problem), and so is any directory that ships
a corpus/MANIFEST (a copy of the release).

Which directory is the bundled one is also said here (`BUNDLED_DATA_DIR`, `is_bundled`): core/load.py imports
it from this module, and this module imports nothing from core/load.py, so the two never import each other.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.problems import Problem

BUNDLED_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MANIFEST_FILE = Path("corpus") / "MANIFEST"


def is_bundled(data_dir: Path) -> bool:
    """True for the data directory that ships with the app (the only one whose stamp may be trusted)."""
    return Path(data_dir).resolve() == BUNDLED_DATA_DIR


def bundle_problems(data_dir: Path) -> list[Problem]:
    if is_bundled(data_dir) or (Path(data_dir) / MANIFEST_FILE).exists():
        return check_corpus_manifest(Path(data_dir))
    return []


def read_manifest(data_dir: Path) -> tuple[str, list[tuple[int, str, str]]]:
    """(seed sha256, [(order, file name, sha256)]) from data/corpus/MANIFEST."""
    lines = (data_dir / MANIFEST_FILE).read_text(encoding="utf-8").splitlines()
    seed = lines[0].split()[1]
    parts = []
    for line in lines[1:]:
        if line.strip():
            order, name, digest = line.split()
            parts.append((int(order), name, digest))
    return seed, sorted(parts)


def rebuild_seed(data_dir: Path) -> bytes:
    """The corpus files concatenated in their recorded order: the original seed, byte for byte."""
    _, parts = read_manifest(data_dir)
    return b"".join((data_dir / "corpus" / name).read_bytes() for _, name, _ in parts)


def check_corpus_manifest(data_dir: Path) -> list[Problem]:
    if not (data_dir / MANIFEST_FILE).exists():
        return [Problem(str(MANIFEST_FILE), "corpus manifest is missing")]
    try:
        seed, parts = read_manifest(data_dir)
    except (ValueError, IndexError):
        return [Problem(str(MANIFEST_FILE), "manifest is malformed (expected 'seed_sha256 HEX' then 'ORDER FILE SHA256' lines)")]
    problems = []
    for order, name, digest in parts:
        path = data_dir / "corpus" / name
        if not path.exists():
            problems.append(Problem(str(MANIFEST_FILE), f"listed file {name} does not exist", order))
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(Problem(f"corpus/{name}", "file changed: its SHA-256 differs from the manifest"))
    if not problems and hashlib.sha256(rebuild_seed(data_dir)).hexdigest() != seed:
        problems.append(Problem(str(MANIFEST_FILE), "the corpus files, joined in order, no longer rebuild the seed"))
    return problems
