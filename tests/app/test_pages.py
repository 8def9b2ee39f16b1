"""AppTest over every page of the registry × several filter states, including tampered URLs; the registry's
page parameters; empty states; datasets that are large, partial, invalid or carry a forged stamp.

Each page run is checked against what it should show for its state, computed independently in plain pandas
from the CSV files (tests/expectations.py), never through the query layer."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.load import write_stamp
from core.pages import PAGES, PAGES_BY_NAME
from core.synthetic import write_dataset
from core.text import md_escape
from components.figures.aid import money_short
from tests.conftest import REPO
from tests.csv_edit import rewrite_csv
from tests.expectations import (
    Filter, actors, citations, cited_sources, contested_claims, descendants, event_ids, involved_actors, read, rows,
)

APP = str(REPO / "app.py")

STATES = {
    "default": {},
    "russia-2021": {"years": ["2021", "2021"], "actors": ["ru"]},
    "russia-exact": {"actors": ["ru"], "sub": "false"},
    "meetings": {"types": ["meeting"]},
    "topic": {"topics": ["format_3plus3"]},
    "context-only": {"origin": ["external"]},
    "no-match": {"q": "no-such-words-anywhere"},
    "tampered": {"years": ["1850", "2020"], "actors": ["zz", "ru"], "sub": ["true", "false"], "scale": "1", "q": "x" * 10_000},
    "reversed": {"years": ["2022", "2019"]},
    "old-version": {"v": "0123456789"},
}

# The filter each state should come to, written out by hand. "tampered": 1850 is outside the data's years, so
# it is dropped and 2020 is read alone (issue 19: a link loses only its bad part); the unknown actor 'zz' is dropped and 'ru' kept; `sub` takes its last
# value (false); the search text is cut to 200 x's, which match nothing; `zoom` is not a filter.
EFFECTIVE = {
    "default": Filter(),
    "russia-2021": Filter((2021, 2021), actors("ru")),
    "russia-exact": Filter(actors=actors("ru", sub=False)),
    "meetings": Filter(types=("meeting",)),
    "topic": Filter(topics=("format_3plus3",)),
    "context-only": Filter(origins=("external",)),
    "no-match": Filter(text="no-such-words-anywhere"),
    "tampered": Filter((2020, 2020), actors=actors("ru", sub=False), text="x" * 200),
    "reversed": Filter((2019, 2022)),
    "old-version": Filter(),
}


# The filters each page draws: only those that can narrow what it shows (the others keep their values).
ALL_FILTERS = {"Years", "Actors", "Include sub-actors", "Event types", "Event origin", "Stance topics", "Search text"}
EVENTS_ONLY, STANCES_ONLY = {"Event types", "Event origin"}, {"Stance topics"}
SIDEBAR = {
    "overview": ALL_FILTERS,
    "timeline": ALL_FILTERS - STANCES_ONLY,
    "us_aid": ALL_FILTERS - STANCES_ONLY,  # it uses events too, when the dataset has them
    "map": ALL_FILTERS - STANCES_ONLY,
    "actors_stances": ALL_FILTERS,  # it uses events too (the actor card's events)
    "sources": ALL_FILTERS,
    "data": set(),  # the Data page narrows nothing
}


def _filter_widgets(at: AppTest) -> set[str]:
    widgets = [*at.sidebar.select_slider, *at.sidebar.multiselect, *at.sidebar.checkbox, *at.sidebar.text_input]
    return {w.label for w in widgets}


def run_page(page_file: str, params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page_file)
    at.run()
    return at


def _url(at: AppTest, key: str) -> list[str]:
    """A URL parameter's values as AppTest holds them (a single value is a plain string there)."""
    value = at.query_params.get(key)
    return [] if value is None else value if isinstance(value, list) else [value]


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [t.value for t in at.title] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_under_filter_state(page, state):
    heading = "South Caucasus Monitor" if page.default else page.title
    at = run_page(page.file, STATES[state])
    assert not at.exception, [e.message for e in at.exception]
    assert heading in [t.value for t in at.title]
    assert _filter_widgets(at) == SIDEBAR[page.name]
    assert any(c.value.startswith("Showing") for c in at.sidebar.caption)
    text = _texts(at)
    assert "Data version" in text
    if state == "tampered" and page.fields:  # a page without filters (Data) has no slider to check
        assert "Some link settings were ignored" in text and "unknown actor" in text and "scale" in text
        assert at.sidebar.select_slider[0].value == (2020, 2020)
        assert "2018–2022" in text and "read as 2020 alone" in text
    if state == "old-version":
        assert "This link was made with data version 0123456789" in text
    if state == "reversed":
        assert "were reversed" in text and "ignored" not in text  # applied, so not "ignored"
    if state == "no-match" and page.fields:
        assert "match this filter" in text and not at.get("plotly_chart")
    assert page.name in SHOWS, f"no expectation for the page {page.name}: add one to SHOWS"
    SHOWS[page.name](at, EFFECTIVE[state])


# ---- what each page shows for a filter, from tests/expectations.py ----------------------------------------------

def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _overview(at: AppTest, spec: Filter) -> None:
    events, aid = rows("events", spec), rows("aid", spec)
    if events.empty and aid.empty:
        assert "No events or US aid figures match this filter" in _texts(at) and not at.metric
        return
    assert _metrics(at) == {
        "Events": f"{len(events):,}",
        "Actors involved": f"{len(involved_actors(spec)):,}",
        "Sources cited": f"{citations(spec)['source_id'].nunique():,}",
        "US aid figures": f"{len(aid):,}",  # what a reader counts, not "rows" (issue 19)
    }
    corpus = int((events["origin"] == "corpus").sum())
    assert f"**{corpus:,}** from the corpus articles, **{len(events) - corpus:,}** from public sources" in _texts(at)


def _timeline(at: AppTest, spec: Filter) -> None:
    events = rows("events", spec)
    if events.empty:
        assert "No events match this filter" in _texts(at) and not at.get("plotly_chart")
        return
    total, corpus = len(events), int((events["origin"] == "corpus").sum())
    caption = f"{total:,} event{'s' if total != 1 else ''}: {corpus:,} from the corpus articles, {total - corpus:,} from public sources"
    assert any(c.value.startswith(caption) for c in at.caption), [c.value for c in at.caption]
    assert "match this filter" not in _texts(at)
    spec_json = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert {point[0] for trace in spec_json["data"] for point in (trace.get("customdata") or [])} == set(events["event_id"])


def _sources(at: AppTest, spec: Filter) -> None:
    cited = cited_sources(spec)
    kinds = cited["kind"].value_counts()
    assert _metrics(at) == {"Corpus articles cited": str(kinds.get("corpus", 0)), "Public sources cited": str(kinds.get("external", 0))}
    if cited.empty:
        assert "No events, aid rows, stances or relations match this filter" in _texts(at)
        return
    shown = at.dataframe[0].value
    expected = cited["rows"].to_dict()
    if spec == Filter():  # the default filter lists every source, the uncited ones with 0 rows
        expected = {s: expected.get(s, 0) for s in read("sources.csv")["source_id"]}
    assert dict(zip(shown["source_id"], shown["rows"])) == expected
    assert not shown[["author", "publisher", "published", "url", "confidence"]].isna().any().any()


def _drawn_aid(kept):
    """The aid rows that should be bars: one fiscal year, a known amount, and not a total whose known parts are
    kept too (those parts are drawn instead)."""
    single = kept[kept["fiscal_year_end"].isna()]
    known = single[single["amount_usd"].notna()]
    return known[~known["aid_id"].isin(set(known["parent_aid_id"].dropna()))]


def _programme(row) -> str:
    """The programme a row names, as the sources spell it; '' when none is named."""
    authority, program = str(row["authority"] or ""), str(row["program"] or "")
    if "333" in authority:
        return "Section 333"
    if "FMF" in program or "Foreign Military Financing" in program:
        return "FMF"
    if "IMET" in program or "Military Education" in program:
        return "IMET"
    return "Section 907 waiver" if "907" in authority else ""


def _like_for_like(counted: pd.DataFrame) -> float | None:
    """Azerbaijan : Armenia over the fiscal years in which both have amounts of one kind, category and named
    programme (the scope with the most such years, then the larger sum), or None when no scope pairs up."""
    best = None
    frame = counted.assign(programme=counted.apply(_programme, axis=1), amount=counted["amount_usd"].astype(float))
    frame = frame[frame["programme"] != ""]
    for _, scope in frame.groupby(["amount_kind", "category", "programme"]):
        az = scope[scope["recipient"].isin(descendants("az"))].groupby("fiscal_year")["amount"].sum()
        am = scope[scope["recipient"].isin(descendants("am"))].groupby("fiscal_year")["amount"].sum()
        years = sorted(set(az.index) & set(am.index))
        if years:
            rank = (len(years), az[years].sum() + am[years].sum())
            if best is None or rank > best[0]:
                best = (rank, az[years].sum() / am[years].sum())
    return None if best is None else best[1]


def _us_aid(at: AppTest, spec: Filter) -> None:
    kept = rows("aid", spec)
    if kept.empty:
        assert "No aid rows match this filter" in _texts(at) and not at.get("plotly_chart") and not at.metric
        return
    drawn = _drawn_aid(kept)
    counted = drawn[drawn["amount_kind"] != "requested"]
    amounts = counted["amount_usd"].astype(float)
    metrics = _metrics(at)
    kinds = set(counted["amount_kind"])
    if not kinds:
        assert metrics["Total in the filter"] == "—"
    elif len(kinds) > 1:  # unlike amounts are never added together
        assert metrics["Total in the filter"] == "not added up" and metrics["Largest fiscal year"] == "not shown"
    else:
        per_year = amounts.groupby(counted["fiscal_year"].astype(int)).sum()
        assert metrics["Total in the filter"] == money_short(amounts.sum())
        assert metrics["Largest fiscal year"] == f"FY{per_year.idxmax()}"
    if kinds:
        ratio = _like_for_like(counted)
        assert metrics["Azerbaijan : Armenia"] == (f"{ratio:.1f} : 1" if ratio is not None else "not shown")
    assert sorted(at.dataframe[0].value["aid_id"]) == sorted(kept["aid_id"])  # the table: every kept row
    charts = at.get("plotly_chart")
    if drawn.empty:
        assert not charts
        return
    figure = json.loads(charts[0].proto.spec)
    bars = {d[0] for trace in figure["data"] if trace["type"] == "bar" for d in trace["customdata"]}
    assert bars == set(drawn["aid_id"])
    unknown = kept[kept["amount_usd"].isna()]
    assert ("Amount not reported" in _texts(at)) == (not unknown.empty)


_RANK = {"high": 3, "medium": 2, "low": 1}


def _contested_claims(text: str, spec: Filter) -> None:
    """Contested claims: every reading of each event one reading under the filter reads (claims.csv in pandas)."""
    claims = contested_claims(spec)
    if claims.empty:
        assert "No contested claims match this filter" in text
    else:
        events_n = claims["subject_event_id"].nunique()
        assert (f"{events_n:,} event{'s' if events_n != 1 else ''} that sources read differently, "
                f"{len(claims):,} reading{'s' if len(claims) != 1 else ''}.") in text


def _actors_stances(at: AppTest, spec: Filter) -> None:
    stances, relations = rows("stances", spec), rows("relations", spec)
    text = _texts(at)
    _contested_claims(text, spec)
    text = text.replace("No contested claims match this filter", "")
    if stances.empty and relations.empty:
        assert "No stances or relations match this filter" in text and not at.get("plotly_chart")
        return
    assert "match this filter" not in text or stances.empty
    if stances.empty:
        assert "No stances match this filter" in text
        return
    actors_n, topics_n = stances["actor_id"].nunique(), stances["topic_id"].nunique()
    caption = (f"{len(stances):,} stance statement{'s' if len(stances) != 1 else ''} by {actors_n} "
               f"actor{'s' if actors_n != 1 else ''} on {topics_n} topic{'s' if topics_n != 1 else ''}.")
    assert caption in [c.value for c in at.caption]
    # The heatmap: a value for exactly the (actor, topic) pairs with a statement, each the latest by the rule
    # (latest date, then higher confidence, then smaller id), computed here in pandas.
    heat = json.loads(at.get("plotly_chart")[0].proto.spec)
    trace = next(t for t in heat["data"] if t["type"] == "heatmap")
    meta = heat["layout"]["meta"]
    shown = {(a, t): trace["z"][r][c] for r, a in enumerate(meta["actors"]) for c, t in enumerate(meta["topics"])
             if trace["z"][r][c] is not None}
    latest = (stances.assign(rank=stances["confidence"].map(_RANK))
              .sort_values(["date", "rank", "stance_id"], ascending=[False, False, True])
              .groupby(["actor_id", "topic_id"]).head(1))
    assert shown == {(a, t): int(v) for a, t, v in zip(latest["actor_id"], latest["topic_id"], latest["stance"])}
    assert set(meta["actors"]) == set(stances["actor_id"]) and set(meta["topics"]) == set(stances["topic_id"])


def _deck(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def _deck_layer(at: AppTest, layer_id: str) -> list[dict]:
    return next((layer["data"] for layer in _deck(at)["layers"] if layer["id"] == layer_id), [])


def _map(at: AppTest, spec: Filter) -> None:
    """One circle per located place with filtered events, sized by their count; the deposits, corridors and the
    places without coordinates whatever the filter; outlines and no web basemap."""
    events = rows("events", spec)
    located = read("places.csv").dropna(subset=["lat", "lon"])["place_id"]
    expected = events[events["place_id"].isin(located)]["place_id"].value_counts().to_dict()
    assert {row["id"]: row["events"] for row in _deck_layer(at, "events")} == expected
    if events.empty:
        assert "No events match this filter" in _texts(at)
    else:
        assert "match this filter" not in _texts(at)
    deck = _deck(at)
    assert "mapProvider" not in deck and deck["layers"][0]["id"] == "outlines"
    assert {row["id"] for row in _deck_layer(at, "deposits")} == {"gizilbulag", "demirli"}
    assert "not a statement about sovereignty" in _texts(at)
    unlocated = read("places.csv")
    for name in unlocated[unlocated["lat"].isna()]["name"]:
        assert f"**{name}**" in _texts(at)


SHOWS = {
    "overview": _overview,
    "timeline": _timeline,
    "us_aid": _us_aid,
    "map": _map,
    "actors_stances": _actors_stances,
    "sources": _sources,
    "data": lambda at, spec: _data(at),
}


def _data(at: AppTest) -> None:
    """The Data page names the bundled data as active, states the size limit and offers the upload."""
    text = _texts(at)
    assert "You are exploring the app's own data" in text and "up to **200 MB** per file" in text
    assert "but not the upload" in text  # what a shared link means for uploaded data
    assert at.get("file_uploader")
    counts = {t: len(pd.read_csv(REPO / "data" / f"{t}.csv")) for t in ("events", "aid", "stances", "relations")}
    assert (f"It holds {counts['events']:,} events, {counts['aid']:,} aid rows, {counts['stances']:,} stances, "
            f"{counts['relations']:,} relations.") in text
    assert any(c.value.startswith("Dataset: bundled data") for c in at.sidebar.caption)


AID_STATES = {  # the US aid page's own states (issue D), beside the shared ones above
    "no-armenia": ({"actors": ["az"]}, Filter(actors=actors("az"))),
    "from-2020": ({"years": ["2020", "2022"]}, Filter((2020, 2022))),
    # Years before 2018 are chosen together (first year–2017); no aid row starts before FY2002, so 2015–2017 keeps the same.
    "before-2018": ({"years": ["2015", "2016"]}, Filter((2015, 2017))),
}


@pytest.mark.parametrize("state", list(AID_STATES))
def test_us_aid_page_states(state):
    params, spec = AID_STATES[state]
    at = run_page(PAGES_BY_NAME["us_aid"].file, params)
    assert not at.exception, [e.message for e in at.exception]
    _us_aid(at, spec)
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    titles = {a["text"] for a in figure["layout"]["annotations"]}
    if state == "no-armenia":
        assert "US aid to Azerbaijan" in titles and "US aid to Armenia" not in titles
    if state == "from-2020":  # FY2020 (1 Oct 2019 to 30 Sep 2020) overlaps 2020; FY2019 does not
        years = {row["fiscal_year"] for row in rows("aid", spec).to_dict("records")}
        assert "2019" not in years and "2020" in years
        assert _metrics(at)["Azerbaijan : Armenia"] == "not shown"


def test_us_aid_lists_unknown_amounts_and_draws_no_bar_for_them(tmp_path, monkeypatch):
    directory = write_dataset(tmp_path / "synthetic", 1000)  # 10 aid rows, one in ten with a blank amount
    monkeypatch.setenv("SCM_DATA_DIR", str(directory))
    at = run_page(PAGES_BY_NAME["us_aid"].file, {})
    assert not at.exception
    aid = read("aid.csv", directory)
    unknown = aid[aid["amount_usd"].isna() & (aid["fiscal_year"].astype(int) >= 2018)]
    assert not unknown.empty  # the generator's seed gives some
    assert "Amount not reported" in _texts(at)
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = {d[0] for trace in figure["data"] if trace["type"] == "bar" for d in trace["customdata"]}
    assert bars and not bars & set(unknown["aid_id"])


def test_us_aid_event_link_shows_its_evidence():
    at = run_page(PAGES_BY_NAME["us_aid"].file, {"event": "ev_2021_07_28_pallone_amendment"})
    assert not at.exception
    text = _texts(at)
    assert "House adopts the Pallone amendment barring IMET and FMF aid to Azerbaijan" in text
    assert _url(at, "event") == ["ev_2021_07_28_pallone_amendment"]


def test_us_aid_bar_link_shows_its_evidence():
    """A clicked bar is kept in the link as aid= (tests/e2e/test_us_aid.py clicks one): the link opens on it."""
    at = run_page(PAGES_BY_NAME["us_aid"].file, {"aid": "aid_az_fy2018_border"})
    assert not at.exception
    assert "Selected: Azerbaijan, FY2018, $47,500,000" in _texts(at)
    assert _url(at, "aid") == ["aid_az_fy2018_border"]


def test_us_aid_tampered_bar_link_gets_a_notice():
    at = run_page(PAGES_BY_NAME["us_aid"].file, {"aid": "no-such-row<b>"})
    assert not at.exception
    assert "unknown aid row" in _texts(at) and "in the link was ignored" in _texts(at)
    assert "aid" not in at.query_params and "Selected:" not in _texts(at)


def test_us_aid_bar_outside_the_filter_says_so():
    at = run_page(PAGES_BY_NAME["us_aid"].file, {"aid": "aid_az_fy2018_border", "actors": "am"})
    assert not at.exception
    assert "is not drawn under this filter" in _texts(at)


def test_map_layer_toggles_and_view_are_kept_in_the_link():
    at = run_page(PAGES_BY_NAME["map"].file, {"view": "sgc"})
    assert at.radio[0].value == "sgc" and "view" in at.query_params
    corridors = next(t for t in at.toggle if t.label == "Corridors")
    corridors.set_value(False).run()
    assert _url(at, "layers") == ["deposits,places,events"]
    assert not _deck_layer(at, "corridors") and _deck_layer(at, "deposits")
    assert _url(at, "view") == ["sgc"]
    at.radio[0].set_value("karabakh").run()  # the default view leaves the link
    assert "view" not in at.query_params and _url(at, "layers") == ["deposits,places,events"]
    assert "layers=deposits%2Cplaces%2Cevents" in at.code[0].value  # the share link keeps the map's settings


def test_map_caption_says_how_to_zoom_without_the_mouse_wheel():
    at = run_page(PAGES_BY_NAME["map"].file, {})
    assert not at.exception
    assert _deck(at)["views"][0]["controller"]["scrollZoom"] is False
    hint = next(c.value for c in at.caption if "mouse wheel" in c.value)
    assert "scrolls the page" in hint and "double-click to zoom in" in hint and "+ and −" not in hint
    at = run_page(PAGES_BY_NAME["map"].file, {"layers": "deposits,basemap"})
    assert "+ and − buttons" in next(c.value for c in at.caption if "mouse wheel" in c.value)


def _view_state(at: AppTest) -> dict:
    return _deck(at)["initialViewState"]


def test_map_zoom_buttons_and_reset_change_the_drawn_view_and_the_link():
    """R2: without the web basemap the map had no zoom or reset buttons. Zoom in / Zoom out step the view's zoom
    from the preset's, kept in the link (`zoom=`), the labels placed for the zoom drawn; Reset view goes back to the
    preset's centre and zoom and drops `zoom=`; another preset starts at its own zoom."""
    from core.map_view import PRESETS_BY_ID

    karabakh = PRESETS_BY_ID["karabakh"]
    at = run_page(PAGES_BY_NAME["map"].file, {})
    assert not at.exception and _view_state(at)["zoom"] == karabakh.zoom
    named = len(_deck_layer(at, "place_labels"))
    button = {b.label: b for b in at.button}
    button["Zoom in"].click().run()
    assert _url(at, "zoom") == ["1"] and _view_state(at)["zoom"] == karabakh.zoom + 1
    {b.label: b for b in at.button}["Zoom out"].click().run()
    {b.label: b for b in at.button}["Zoom out"].click().run()
    assert _url(at, "zoom") == ["-1"] and _view_state(at)["zoom"] == karabakh.zoom - 1
    assert len(_deck_layer(at, "place_labels")) < named  # labels are placed for the zoom drawn
    {b.label: b for b in at.button}["Reset view"].click().run()
    state = _view_state(at)
    assert "zoom" not in at.query_params and state["zoom"] == karabakh.zoom
    assert abs(state["latitude"] - karabakh.lat) < 1e-4 and abs(state["longitude"] - karabakh.lon) < 1e-4
    # The link opens at its zoom; a tampered one gets a notice; another preset starts at its own zoom.
    at = run_page(PAGES_BY_NAME["map"].file, {"view": "sgc", "zoom": "2"})
    assert _view_state(at)["zoom"] == PRESETS_BY_ID["sgc"].zoom + 2
    at.radio[0].set_value("zangezur").run()
    assert "zoom" not in at.query_params and _view_state(at)["zoom"] == PRESETS_BY_ID["zangezur"].zoom
    at = run_page(PAGES_BY_NAME["map"].file, {"zoom": "<b>99</b>"})
    assert not at.exception and "unknown map zoom" in _texts(at) and "zoom" not in at.query_params


def test_map_with_every_layer_off_draws_the_outlines_only():
    at = run_page(PAGES_BY_NAME["map"].file, {"layers": "none"})
    assert not at.exception and [layer["id"] for layer in _deck(at)["layers"]] == ["outlines"]
    assert not any(t.value for t in at.toggle)


def test_map_tampered_settings_get_a_notice_and_the_defaults():
    at = run_page(PAGES_BY_NAME["map"].file, {"view": "<script>x</script>", "layers": "deposits,zz" + "x" * 5000})
    assert not at.exception
    text = _texts(at)
    assert "unknown map view" in text and "unknown map layers" in text and "<script>" not in text
    assert "view" not in at.query_params and "layers" not in at.query_params
    assert at.radio[0].value == "karabakh" and {layer["id"] for layer in _deck(at)["layers"]} >= {"events", "corridors"}


def test_map_hostile_place_name_is_shown_as_text(data_copy, monkeypatch):
    hostile = "<img src=x onerror=alert(1)>"
    rewrite_csv(data_copy / "places.csv", lambda rows: next(r for r in rows if r["place_id"] == "mets_shen")
                .update(name=hostile))
    monkeypatch.setenv("SCM_DATA_DIR", str(data_copy))
    at = run_page(PAGES_BY_NAME["map"].file, {})
    assert not at.exception
    assert "**\\<img src\\=x onerror\\=alert\\(1\\)\\>**" in _texts(at)
    assert all(hostile not in m.value for m in at.markdown)


def test_a_topic_in_the_link_survives_the_next_run():
    """Before topics had a widget, `?topics=` was parsed, then dropped from the URL by the next run, silently."""
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {"topics": ["format_3plus3"]})
    topics = next(m for m in at.sidebar.multiselect if m.label == "Stance topics")
    assert topics.value == ["format_3plus3"]
    assert _url(at, "topics") == ["format_3plus3"]
    at.sidebar.checkbox[0].uncheck().run()  # any other interaction: the topic is still in the URL
    assert _url(at, "topics") == ["format_3plus3"]
    assert any("stances on" in c.value for c in at.sidebar.caption)  # the filter description still names it


def test_empty_state_suggests_only_what_helps_on_this_page():
    """Event types never narrow aid rows, so the US aid page must not suggest allowing more of them."""
    at = run_page(PAGES_BY_NAME["us_aid"].file, {"types": ["meeting"], "q": "no-such-words-anywhere"})
    info = "\n".join(i.value for i in at.info)
    assert "No aid rows match this filter" in info
    assert "clear the search text" in info and "allow more event types" not in info
    timeline = "\n".join(i.value for i in run_page(PAGES_BY_NAME["timeline"].file, {"types": ["meeting"], "q": "no-such-words-anywhere"}).info)
    assert "allow more event types" in timeline


def test_overview_counts_match_an_independent_count():
    at = run_page(PAGES_BY_NAME["overview"].file, STATES["russia-2021"])
    metrics = {m.label: m.value for m in at.metric}
    expected = event_ids(2021, 2021, descendants("ru"))
    assert metrics["Events"] == str(len(expected)) and 0 < len(expected)
    sources = read("sources.csv").set_index("source_id")["kind"]
    events = read("events.csv").set_index("event_id").loc[sorted(expected)]
    corpus = int((events["source_id"].map(sources) == "corpus").sum())
    assert f"**{corpus}** from the corpus articles, **{len(expected) - corpus}** from public sources" in _texts(at)


def test_overview_shows_five_latest_with_evidence():
    at = run_page(PAGES_BY_NAME["overview"].file, {})
    cards = [m.value for m in at.markdown if "\n\n> “" in m.value]  # date and title, then the quote, one element
    assert len(cards) == 5
    assert all("\n\nSource: " in card for card in cards)


def test_no_match_shows_the_empty_state_not_a_chart():
    at = run_page(PAGES_BY_NAME["overview"].file, STATES["no-match"])
    assert any("No events or US aid figures match this filter" in i.value for i in at.info)
    assert "clear the search text" in "\n".join(i.value for i in at.info)
    assert len(at.metric) == 0


def test_hostile_search_text_is_shown_as_text():
    at = run_page(PAGES_BY_NAME["overview"].file, {"q": "<img src=x> [x](js:y) $x$"})
    info = "\n".join(i.value for i in at.info)
    assert "\\<img src\\=x\\>" in info and "\\[x\\]\\(js\\:y\\)" in info and "\\$x\\$" in info


def test_timeline_panel_shows_the_evidence_of_the_linked_event():
    at = run_page(PAGES_BY_NAME["timeline"].file, {"event": "ev_2022_10_31_sochi_meeting"})
    assert not at.exception
    quotes = [m.value.split("\n\n")[0] for m in at.markdown if m.value.startswith("> “")]
    assert quotes == ["> “the merely symbolic meeting in Sochi on October 3”"]
    assert "31 Oct 2022" in "\n".join(m.value for m in at.markdown)
    title = read("sources.csv").set_index("source_id").loc["peacekeepers_mines_2022_12", "title"]
    assert "Source: " + title.split(" ")[0] in "\n".join(m.value for m in at.markdown)
    assert _url(at, "event") == ["ev_2022_10_31_sochi_meeting"]
    assert "event=ev_2022_10_31_sochi_meeting" in at.code[0].value  # the share link keeps the page's parameter


def test_timeline_unknown_event_in_link_is_reported():
    at = run_page(PAGES_BY_NAME["timeline"].file, {"event": "<b>no-such-event</b>"})
    assert not at.exception
    assert any("unknown event" in i.value for i in at.info)
    assert "event" not in at.query_params


def test_a_page_parameter_is_kept_on_other_pages_but_not_shared_from_them():
    at = run_page(PAGES_BY_NAME["map"].file, {"event": "ev_2022_10_31_sochi_meeting", "scale": "2"})
    assert _url(at, "event") == ["ev_2022_10_31_sochi_meeting"] and "scale" not in at.query_params
    assert "event=" not in at.code[0].value


def test_timeline_chart_points_equal_the_filtered_events():
    at = run_page(PAGES_BY_NAME["timeline"].file, {"years": ["2021", "2021"], "actors": ["ru"]})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ids = {point[0] for trace in spec["data"] for point in (trace.get("customdata") or [])}
    expected = event_ids(2021, 2021, descendants("ru"))
    assert ids == expected
    assert len(at.dataframe[0].value) == len(expected)


def test_timeline_empty_filter_draws_no_chart():
    at = run_page(PAGES_BY_NAME["timeline"].file, {"q": "no-such-words-anywhere"})
    assert not at.get("plotly_chart")
    assert any("No events match this filter" in i.value for i in at.info)


def test_invalid_data_shows_the_problems_not_a_traceback(data_copy, monkeypatch):
    aid = data_copy / "aid.csv"
    aid.write_text(aid.read_text(encoding="utf-8").replace("58600000", "$58.6M", 1), encoding="utf-8")
    monkeypatch.setenv("SCM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "did not pass validation" in at.error[0].value
    problems = "\n".join(m.value for m in at.markdown)
    assert "the aid table, row 1" in problems and "amount\\_usd" in problems and "\\$58\\.6M" in problems


def test_a_forged_stamp_does_not_skip_validation_in_the_app(data_copy, monkeypatch):
    rewrite_csv(data_copy / "events.csv", lambda rows: rows[0].update(evidence="a quote from nowhere"))
    write_stamp(data_copy)
    monkeypatch.setenv("SCM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert at.error and "did not pass validation" in at.error[0].value
    assert "not a verbatim quote" in "\n".join(m.value for m in at.markdown)


def test_a_page_whose_table_is_missing_says_so(tmp_path, monkeypatch):
    directory = write_dataset(tmp_path / "no_aid", 200)
    (directory / "aid.csv").unlink()
    monkeypatch.setenv("SCM_DATA_DIR", str(directory))
    at = run_page(PAGES_BY_NAME["us_aid"].file, {})
    assert not at.exception
    assert any("no aid table, which this page needs" in w.value for w in at.warning)
    timeline = run_page(PAGES_BY_NAME["timeline"].file, {})
    assert not timeline.exception and timeline.get("plotly_chart")


@pytest.fixture(scope="module")
def large_dir(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("large") / "data", 100_000)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_page_opens_on_100k_generated_events(large_dir, page, monkeypatch):
    monkeypatch.setenv("SCM_DATA_DIR", str(large_dir))
    at = run_page(page.file, {"actors": ["ru"]})
    assert not at.exception, [e.message for e in at.exception]
    if page.name == "timeline":
        assert "Showing monthly density" in at.get("plotly_chart")[0].proto.spec
        assert "Showing events 1–200 of" in "\n".join(c.value for c in at.caption)
        at.number_input[0].set_value(40).run()  # a late page of the explorer, then a narrower filter
        assert "Showing events 7,801–8,000 of" in "\n".join(c.value for c in at.caption)
        at.sidebar.multiselect[0].set_value(["ru_peacekeepers"]).run()
        assert not at.exception and "Showing events 1–200 of" in "\n".join(c.value for c in at.caption)


def test_a_cached_figure_is_never_served_for_another_dataset(tmp_path, monkeypatch):
    bundled = run_page(PAGES_BY_NAME["timeline"].file, {})
    other = write_dataset(tmp_path / "other", 300)
    shutil.copy(REPO / "data" / "README.md", other / "README.md")
    monkeypatch.setenv("SCM_DATA_DIR", str(other))
    generated = run_page(PAGES_BY_NAME["timeline"].file, {})

    def ids(at):
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        return {p[0] for t in spec["data"] for p in (t.get("customdata") or [])}

    assert ids(bundled) and ids(generated) and not ids(bundled) & ids(generated)
    assert all(i.startswith("ev_syn_") for i in ids(generated))


def test_sources_page_counts_corpus_and_public_sources_apart():
    at = run_page(PAGES_BY_NAME["sources"].file, {"years": ["1992", "2022"]})
    metrics = {m.label: m.value for m in at.metric}
    kinds = read("sources.csv").set_index("source_id")["kind"]
    cited = set()
    for table in ("events.csv", "aid.csv", "stances.csv", "relations.csv"):
        cited |= set(read(table)["source_id"])
    assert metrics["Corpus articles cited"] == str(sum(kinds[s] == "corpus" for s in cited))
    assert int(metrics["Public sources cited"]) > 0
    assert set(at.dataframe[0].value["origin"]) == {"Corpus article", "Public source"}


# ---- Actors & stances: the actor card from the link, a tampered actor, a pick written to the URL ---------------


def test_actor_card_opens_from_the_link_with_its_stances():
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {"actor": "ru"})
    assert not at.exception
    assert "#### Russia" in [m.value for m in at.markdown]
    assert at.selectbox(key="actor_card_pick").value == "ru"
    family = actors("ru")  # Russia and everything under it
    expected = rows("stances", Filter(actors=family))
    card = next(d.value for d in at.dataframe if "topic_name" in d.value.columns and "actor_name" in d.value.columns)
    assert len(card) == len(expected) and 0 < len(card)
    assert sorted(card["evidence"]) == sorted(expected["evidence"])
    relations = rows("relations", Filter(actors=family))
    table = next(d.value for d in at.dataframe if "actor_b_name" in d.value.columns)
    assert len(table) == len(relations) and 0 < len(table)


def test_actor_card_ignores_the_actor_filter_but_keeps_the_years():
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {"actor": "am", "actors": ["ru"], "years": ["2021", "2021"]})
    expected = rows("stances", Filter((2021, 2021), actors("am")))
    card = next(d.value for d in at.dataframe if "topic_name" in d.value.columns and "actor_name" in d.value.columns)
    assert sorted(card["evidence"]) == sorted(expected["evidence"]) and 0 < len(card)


def test_actor_card_unknown_actor_in_link_is_reported():
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {"actor": "zz"})
    assert not at.exception
    assert "unknown actor 'zz' in the link was ignored" in _texts(at)
    assert at.selectbox(key="actor_card_pick").value is None and not _url(at, "actor")


def test_picking_an_actor_writes_it_to_the_link():
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {"topics": ["peace_treaty"]})
    at.selectbox(key="actor_card_pick").select("am").run()
    assert not at.exception
    assert _url(at, "actor") == ["am"] and "#### Armenia" in [m.value for m in at.markdown]
    assert _url(at, "topics") == ["peace_treaty"]


def _claim_readings(at: AppTest) -> set[str]:
    """The readings drawn: each reading's card quotes its claim as 'Reading: …'."""
    return {line for m in at.markdown for line in m.value.split("\n") if line.startswith("Reading: ")}


def test_contested_claims_list_every_event_and_show_the_first_events_readings():
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {})
    assert not at.exception
    claims = contested_claims(Filter())
    subjects = list(dict.fromkeys(claims["subject_event_id"]))
    picker = at.radio(key="claims_event_pick")
    assert list(picker.options) and len(picker.options) == len(subjects) and picker.value == subjects[0]
    first = claims[claims["subject_event_id"] == subjects[0]]
    assert _claim_readings(at) == {f"Reading: {md_escape(c)}" for c in first["claim"]}


def test_picking_a_contested_event_shows_its_readings_and_writes_it_to_the_link():
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {"actor": "am"})
    claims = contested_claims(Filter())
    last = claims["subject_event_id"].iat[-1]
    at.radio(key="claims_event_pick").set_value(last).run()
    assert not at.exception
    assert _url(at, "claim") == [last] and _url(at, "actor") == ["am"]
    wanted = claims[claims["subject_event_id"] == last]
    assert _claim_readings(at) == {f"Reading: {md_escape(c)}" for c in wanted["claim"]}


def test_a_contested_event_opens_from_the_link_and_a_tampered_one_is_reported():
    claims = contested_claims(Filter())
    last = claims["subject_event_id"].iat[-1]
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {"claim": last})
    assert at.radio(key="claims_event_pick").value == last
    tampered = run_page(PAGES_BY_NAME["actors_stances"].file, {"claim": "ev_no_such_event"})
    assert not tampered.exception
    assert md_escape("unknown event 'ev_no_such_event' in the link was ignored") in _texts(tampered)
    assert tampered.radio(key="claims_event_pick").value == claims["subject_event_id"].iat[0]


def test_actors_stances_with_no_stance_left_shows_the_empty_state():
    at = run_page(PAGES_BY_NAME["actors_stances"].file, {"topics": ["format_3plus3"], "years": ["2018", "2019"]})
    assert not at.exception
    assert "No stances match this filter" in _texts(at)
    assert rows("stances", Filter((2018, 2019), topics=("format_3plus3",))).empty
