"""What each page asks the query layer, learned by running the page, and that work done again under another
filter, with no cache: the page's questions and figures as bench/scale.py times them.

- `walk_pages(directory, spec)`: every page of core.pages.PAGES run once in AppTest on a data directory, its filter
  set to `spec` in the sidebar (where the page draws the filter), the app's caches emptied first and the engine's
  call log on (`engine.calls`, filled by core/query/registry.py, by the app's answer cache too). A page's calls
  are every question its run asks on a filter change: the router's, the sidebar's and the footer's included.
- `replay(store, calls, spec)`: the same questions asked of a store's engine directly, every argument that is the
  filter the page ran under replaced by `spec`, so no answer can come from a cache; the answers by question name.
  The other arguments are kept (a topic, an actor or a source the page picked from its answers under the walk's
  filter), so the replay asks what the page asked, with another filter.
- `build_figures(page, answers, store, spec)`: the page's figure builders (components/figures) over those answers,
  as the page's components call them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from core.filters import FilterSpec
from core.pages import PAGES, Page

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
Call = tuple[str, tuple, dict]
DEFAULT_FILTER = FilterSpec()  # the filter a page runs under when no link or widget sets one


def set_filter(at, spec: FilterSpec) -> None:
    """Set the sidebar's years and actors to those of `spec` (the fields the benchmark's filters change)."""
    at.sidebar.select_slider[0].set_value(spec.years)
    actors = next(m for m in at.sidebar.multiselect if m.label == "Actors")
    actors.set_value(list(spec.actors[0]))


def walk_pages(directory: Path | None, spec: FilterSpec | None = None,
               pages: Iterable[Page] = PAGES) -> dict[str, list[Call]]:
    """Each page's calls to the query layer on one run (see the module docstring), under the app's default filter
    (DEFAULT_FILTER) or `spec`. `directory`: the data directory the app opens (SCM_DATA_DIR), or None for the one
    already set."""
    from streamlit.testing.v1 import AppTest

    from components.shell.answers import AnswerCache
    from components.shell.caches import clear_shared_caches
    from components.shell.dataset import get_data

    if directory is not None:
        os.environ["SCM_DATA_DIR"] = str(directory)
    out = {}
    for page in pages:
        at = AppTest.from_file(APP, default_timeout=600)
        at.switch_page(page.file)
        at.run()
        assert not at.exception, (page.name, [e.message for e in at.exception])
        if spec is not None and page.fields:  # the Data page draws no filter
            set_filter(at, spec)
        store = get_data()[2]  # the app's query layer: AppTest runs the script in this process
        clear_shared_caches()
        store.answers = AnswerCache()  # every answer the run needs is asked again, none served from a cache
        store.engine.calls = []
        try:
            at.run()
            assert not at.exception, (page.name, [e.message for e in at.exception])
            out[page.name] = store.engine.calls
        finally:
            store.engine.calls = None
    return out


def respecified(calls: list[Call], spec: FilterSpec, learned: FilterSpec = DEFAULT_FILTER) -> list[Call]:
    """`calls` with every argument equal to `learned` (the filter the page ran under) replaced by `spec`. A filter
    the page makes itself (the Data page's counts over every year) is kept: it does not follow the sidebar."""
    def swap(value):
        return spec if isinstance(value, FilterSpec) and value == learned else value

    return [(name, tuple(swap(a) for a in args), {k: swap(v) for k, v in kwargs.items()})
            for name, args, kwargs in calls]


def replay(store, calls: list[Call], spec: FilterSpec, learned: FilterSpec = DEFAULT_FILTER,
           seconds: dict[str, float] | None = None) -> dict[str, list]:
    """Ask `calls` of the store's engine directly (no answer cache), under `spec` instead of `learned`
    (`respecified`); the answers of each question, in the order asked. `seconds`, if given, gets the time spent in
    each question (all its calls)."""
    from core.query import QUESTIONS_BY_NAME

    answers: dict[str, list] = {}
    for name, args, kwargs in respecified(calls, spec, learned):
        started = time.perf_counter()
        answers.setdefault(name, []).append(QUESTIONS_BY_NAME[name](store.engine, *args, **kwargs))
        if seconds is not None:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
    return answers


# The figure builders, one function per page that draws figures: (answers by question, store, spec) -> figures.
# Each follows the component that calls the builder on the page (named in its docstring); a figure is built only
# from answers the page asked for, as on the page.

def _overview(answers, store, spec) -> list:
    """components/overview/trend.py: events per month (with the key periods) and coverage per year."""
    from components.figures.overview import build_coverage, build_monthly

    figures = []
    for summary in answers.get("summary", []):  # the trend and the coverage draw the summary's counts
        monthly, coverage = summary.monthly_by_type(), summary.coverage_by_year()
        if not monthly.empty:
            figures.append(build_monthly(monthly, answers["key_periods"][0], spec.years))
        if not coverage.empty:
            figures.append(build_coverage(coverage))
    return figures


def _timeline(answers, store, spec) -> list:
    """components/timeline/chart.py: the swimlanes and the monthly counts."""
    from components.figures.timeline import build_timeline

    return [build_timeline(data, years=spec.years) for data in answers.get("timeline", [])[:1] if data.total]


def _us_aid(answers, store, spec) -> list:
    """components/us_aid/chart.py: the bars with the policy overlay, and one breakdown per total."""
    from components.figures.aid import build_aid_chart, build_breakdown

    figures = []
    for view in answers.get("aid_view", [])[:1]:
        overlay = (answers.get("aid_overlay") or [None])[0]
        if not view.bars.empty:
            figures.append(build_aid_chart(view, overlay))
            figures += [build_breakdown(total) for total in view.totals]
    return figures


def _map(answers, store, spec) -> list:
    """components/map/deck.py: the deck of outlines, deposits, corridors, places and events (default view and
    layers, light theme)."""
    from components.figures.map import build_map_deck
    from core.map_view import DEFAULT_LAYERS, DEFAULT_PRESET, outlines_url, read_outlines
    from core.query.records import records

    if "places_with_events" not in answers:
        return []
    places = records(answers["places_with_events"][0])
    names = {p["place_id"]: p["name"] for p in places}
    for unlocated in answers.get("unlocated_places", [])[:1]:
        names.update({p["place_id"]: p["name"] for p in records(unlocated)})
    corridors = store.dataset.corridors
    known = {row["source_id"]: row["title"] for row in answers.get("source", []) if row}  # the corridors' sources
    titles = {}
    for feature in corridors.get("features", []):
        source_id = feature.get("properties", {}).get("source_id")
        if source_id:
            titles[source_id] = known.get(source_id, source_id)
    kept = [list(c["corridor_id"]) for c in answers.get("corridors_in_filter", [])[:1]]
    # As the app sends it (.streamlit/config.toml serves the static folder): the bundled outlines by their URL.
    data_dir = store.dataset.data_dir
    return [build_map_deck(outlines_url(data_dir) or read_outlines(data_dir), places, corridors, layers=DEFAULT_LAYERS,
                           preset=DEFAULT_PRESET, dark=False, place_names=names, source_titles=titles,
                           corridor_ids=kept[0] if kept else [])]


def _actors_stances(answers, store, spec) -> list:
    """components/actors_stances/data.py and actor_card.py: the heatmap, a topic's history, the relations network
    and, when an actor is picked, its events per year."""
    from components.figures.relations import build_network
    from components.figures.stances import build_event_years, build_stance_heatmap, build_stance_history
    from core.query.records import records

    figures = [build_stance_heatmap(grid.cells) for grid in answers.get("stance_cells", [])[:1] if grid.cells]
    figures += [build_stance_history(history) for history in answers.get("stance_history", [])]
    if "relations_network" in answers and "network_positions" in answers:
        figures.append(build_network(answers["relations_network"][0], answers["network_positions"][0]))
    figures += [build_event_years(records(years)) for years in answers.get("actor_event_years", []) if not years.empty]
    return figures


FIGURES: dict[str, Callable[[dict, object, FilterSpec], list]] = {
    "overview": _overview, "timeline": _timeline, "us_aid": _us_aid, "map": _map,
    "actors_stances": _actors_stances,
}  # Sources and Data draw tables and text, no figure


def build_figures(page: str, answers: dict[str, list], store, spec: FilterSpec) -> list:
    """The figures `page` draws from `answers` (replay's), [] for a page that draws none."""
    builder = FIGURES.get(page)
    return builder(answers, store, spec) if builder else []


def payload(figures: list) -> int:
    """The figures' JSON in bytes, as sent to the browser (a plotly figure or a pydeck deck)."""
    return sum(len(figure.to_json()) for figure in figures)
