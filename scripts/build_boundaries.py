"""Build data/boundaries/countries.geojson: Natural Earth admin-0 country outlines clipped to the map's extent.

Run once, by hand, when the source changes (the app only reads the result; it needs no GIS library):

    npm pack world-atlas@2.0.2            # in a temporary directory outside the repository
    tar xzf world-atlas-2.0.2.tgz         # gives package/countries-50m.json
    python scripts/build_boundaries.py package/countries-50m.json

Reads the TopoJSON with pyogrio (GDAL's TopoJSON driver) and clips with shapely: both are in
requirements-dev.txt, not requirements.txt. The extent covers the South Caucasus and its neighbours, the
Southern Gas Corridor to Italy (SCP, TANAP, TAP) and Nord Stream 2 (Ust-Luga to Lubmin), with a margin.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pyogrio.raw
import shapely

# lon_min, lat_min, lon_max, lat_max: Lubmin (13.6 E) and Melendugno (18.3 E) in the west, Ust-Luga (59.7 N) in
# the north, Tehran (35.7 N) in the south, Baku and Sangachal (49.9 E) in the east, with a margin wide enough that
# the "Whole region" view on a wide screen shows no straight cut at the edge of the outlines.
EXTENT = (-20.0, 25.0, 90.0, 70.0)
DIGITS = 3  # about 100 m: finer than a 1:50m source can tell apart
SIMPLIFY = 0.002  # degrees; keeps every country but drops points a 1:50m outline does not need at this scale
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "countries.geojson"
SOURCE = {
    "source": "Natural Earth admin-0 countries, 1:50m, version 4.1.0, via the npm package world-atlas 2.0.2 "
              "(countries-50m.json)",
    "licence": "Natural Earth: public domain. world-atlas: ISC.",
    "viewpoint": "De facto control as Natural Earth 4.1.0 draws it (before its per-country viewpoints); "
                 "not a statement about sovereignty.",
    "extent": list(EXTENT),
}


def build(topojson: Path) -> dict:
    meta, _, geometries, fields = pyogrio.raw.read(topojson, layer="countries")
    names = dict(zip(meta["fields"], fields))["name"]
    box = shapely.box(*EXTENT)
    features = []
    for name, wkb in sorted(zip(names, geometries), key=lambda pair: str(pair[0])):
        if wkb is None:
            continue
        shape = shapely.make_valid(shapely.from_wkb(wkb))
        if not shape.intersects(box):
            continue
        clipped = shapely.set_precision(shapely.make_valid(shapely.clip_by_rect(shape, *EXTENT).simplify(SIMPLIFY)),
                                        10 ** -DIGITS)
        if clipped.is_empty or clipped.area == 0:
            continue
        features.append({"type": "Feature", "properties": {"name": str(name)},
                         "geometry": json.loads(shapely.to_geojson(clipped))})
    return {"type": "FeatureCollection", "metadata": SOURCE, "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="countries-50m.json from the world-atlas package")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    collection = build(args.topojson)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(collection['features'])} countries, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
