"""Writes the static copy of the bundled country outlines (static/outlines-<content hash>.json) and removes any
older copy: run it after data/boundaries/countries.geojson changes (tests/unit/test_static_outlines.py fails
until then). The Map's deck then names the file instead of carrying 380 KB of outlines on every view.

    python -m scripts.static_outlines
"""

from __future__ import annotations

from core.map_view import BUNDLED_OUTLINES, STATIC_DIR, static_outlines_name


def main() -> None:
    content = BUNDLED_OUTLINES.read_bytes()
    target = STATIC_DIR / static_outlines_name(content)
    STATIC_DIR.mkdir(exist_ok=True)
    for old in STATIC_DIR.glob("outlines-*.json"):
        if old != target:
            old.unlink()
    target.write_bytes(content)
    print(f"wrote {target.relative_to(STATIC_DIR.parent)} ({len(content):,} bytes)")


if __name__ == "__main__":
    main()
