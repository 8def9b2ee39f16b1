"""Benchmark: what a chart's redraw costs in the browser, drawn anew as Streamlit does, or updated in place (issue S).

Streamlit 1.67 gives a plotly_chart element an id hashed from its figure, and its frontend keys each element by that
id, so on a new filter every chart whose figure changed is unmounted and drawn anew (`Plotly.newPlot`). A chart
component that kept its element would call `Plotly.react` instead. This measures both on the app's own figures: it
opens each page in headless Chromium, reads every drawn chart's data and layout from its element, and, in the same
page, times `Plotly.newPlot` of a changed figure (every trace's points halved, as a narrower filter would) into a
new element against `Plotly.react` of that changed figure into an element that already holds the first one.
Median of 5 each, summed over the page's charts; compare with the page's fresh rerun and hello-world's from
bench/startup.py `--paired --fresh` (the issue's budget is 2x hello-world for the whole rerun).

Plotly is not reachable from the page's own scripts (Streamlit bundles it into a module), so this loads
plotly.js-dist-min from npm (`npm pack`, once, into artifacts/plotly.js/; the build Streamlit bundles is plotly.js 4
too). Needs `npm` and the npm registry; the app itself does not use this copy.
Run: .venv/bin/python bench/plotly_redraw.py [--pages overview timeline ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from playwright.sync_api import sync_playwright  # noqa: E402

from core.pages import PAGES  # noqa: E402
from startup import _open  # noqa: E402
from tests.e2e.streamlit_server import CHROMIUM_ARGS, StreamlitServer, find_chromium  # noqa: E402

PLOTLY_PACKAGE = "plotly.js-dist-min@4.1.2"
CACHE = REPO / "artifacts" / "plotly.js"

TIME_REDRAWS = """async () => {
  const median = xs => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
  const halved = data => data.map(trace => {
    const copy = {...trace};
    for (const key of ['x', 'y', 'z', 'customdata', 'text', 'hovertext'])
      if (Array.isArray(trace[key])) copy[key] = trace[key].filter((_, i) => i % 2 === 0);
    return copy;
  });
  const results = [];
  for (const chart of document.querySelectorAll('.js-plotly-plot')) {
    const data = JSON.parse(JSON.stringify(chart.data)), layout = JSON.parse(JSON.stringify(chart.layout));
    const changed = halved(data);
    const box = () => {
      const element = document.createElement('div');
      element.style.width = chart.clientWidth + 'px';
      element.style.height = chart.clientHeight + 'px';
      document.body.appendChild(element);
      return element;
    };
    const times = {anew: [], inPlace: []};
    for (let round = 0; round < 5; round++) {
      const fresh = box();
      let started = performance.now();
      await Plotly.newPlot(fresh, changed, layout);
      times.anew.push(performance.now() - started);
      const kept = box();
      await Plotly.newPlot(kept, data, layout);
      started = performance.now();
      await Plotly.react(kept, changed, layout);
      times.inPlace.push(performance.now() - started);
      for (const element of [fresh, kept]) { Plotly.purge(element); element.remove(); }
    }
    results.push({traces: data.length, anew: median(times.anew), inPlace: median(times.inPlace)});
  }
  return results;
}"""


def plotly_script() -> Path:
    found = sorted(CACHE.glob("package/plotly.min.js"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        packed = subprocess.run(["npm", "pack", PLOTLY_PACKAGE, "--pack-destination", str(CACHE)],
                                capture_output=True, text=True, check=True, timeout=300).stdout.split()[-1]
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        sys.exit(f"bench/plotly_redraw.py needs plotly.js from npm ({PLOTLY_PACKAGE}): {error}")
    with tarfile.open(CACHE / packed) as archive:
        archive.extract("package/plotly.min.js", CACHE, filter="data")
    return CACHE / "package" / "plotly.min.js"


def main() -> None:
    charted = [entry.name for entry in PAGES if entry.fields]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", default=charted, choices=charted)
    args = parser.parse_args()
    script = plotly_script()
    server = StreamlitServer()
    server.wait_healthy(120)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
            print("| page | charts (traces) | drawn anew, ms | updated in place, ms | saved |")
            print("|---|---|---|---|---|")
            for name in args.pages:
                url_path = next(entry.url_path for entry in PAGES if entry.name == name)
                page = _open(browser, f"{server.url}/{url_path}")
                page.add_script_tag(path=str(script))
                charts = page.evaluate(TIME_REDRAWS)
                page.close()
                if not charts:
                    print(f"| {name} | 0 | | | |")
                    continue
                anew = sum(chart["anew"] for chart in charts)
                in_place = sum(chart["inPlace"] for chart in charts)
                traces = ", ".join(str(chart["traces"]) for chart in charts)
                print(f"| {name} | {len(charts)} ({traces}) | {anew:.0f} | {in_place:.0f} | "
                      f"{100 * (1 - in_place / anew):.0f} % |")
            browser.close()
    finally:
        server.stop()
    print(f"\nplotly.js {PLOTLY_PACKAGE} in headless Chromium; per chart the median of 5, summed over the page")


if __name__ == "__main__":
    main()
