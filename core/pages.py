"""The page registry: the one list of pages that the router, the URL code, the footer, the tests and the
benchmarks all read.

Each Page says where its file is, how it is titled and addressed, which URL parameters it owns (with the
parser that checks each one against the dataset), the key of the selection it keeps in the URL, which
query-layer tables it needs (without them it shows a message instead of its content) and which it can use when
they are there (the US aid page draws its bars without events, and says the policy overlay is missing; the
Overview and Sources draw whichever of the row tables there are). The
filter fields that apply to a page follow from those tables (`Page.fields`): the sidebar draws the others
disabled. To add a page: write app_pages/<name>.py and add one Page here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from core.fields import AID, CLAIMS, CORRIDORS, EVENTS, FIELDS, RELATIONS, STANCES, Field
from core.map_view import parse_layers, parse_view, parse_zoom
from core.tables import BY_NAME, Table
from core.text import shorten

VERSION_KEY = "v"  # the data version a share link was made with; every page accepts it

# A page parameter's parser: (raw value, the query layer) -> (kept value or None, notice or None).
ParamParser = Callable[[str, object], tuple[str | None, str | None]]


def parse_event_id(value: str, store) -> tuple[str | None, str | None]:
    if len(value) <= 64 and store.has_event(value):
        return value, None
    return None, f"unknown event '{shorten(value, 41)}' in the link was ignored"


def parse_aid_id(value: str, store) -> tuple[str | None, str | None]:
    if len(value) <= 64 and store.has_aid(value):
        return value, None
    return None, f"unknown aid row '{shorten(value, 41)}' in the link was ignored"


def parse_source_id(value: str, store) -> tuple[str | None, str | None]:
    if len(value) <= 80 and store.source(value) is not None:
        return value, None
    return None, f"unknown source '{shorten(value, 41)}' in the link was ignored"


def parse_passage(value: str, store) -> tuple[str | None, str | None]:
    """A passage number, 1 to 9999; whether the source has that passage is the Sources page's to check."""
    if value.isascii() and value.isdigit() and 1 <= int(value) <= 9999 and str(int(value)) == value:
        return value, None
    return None, f"passage '{shorten(value, 41)}' in the link is not a passage number and was ignored"


def parse_actor_id(value: str, store) -> tuple[str | None, str | None]:
    if len(value) <= 64 and store.has_actor(value):
        return value, None
    return None, f"unknown actor '{shorten(value, 41)}' in the link was ignored"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: there is one object per page
class Page:
    name: str  # also the AppTest / benchmark id
    file: str
    title: str
    icon: str
    url_path: str  # "" for the default page, whose URL is "/"
    tables: tuple[str, ...]  # the query-layer tables its content needs
    optional: tuple[str, ...] = ()  # tables it uses when the dataset has them
    params: Mapping[str, ParamParser] = field(default_factory=dict)
    selection_key: str | None = None  # the URL parameter that holds the selected row, if any
    default: bool = False
    # What its "Download this view" zip holds beyond the filtered rows of its tables: a table of which it draws
    # only some rows (or one it draws that is not in `all_tables`), with the questions whose answers' ids are
    # those rows (the US aid page draws only the overlay's events; the Map draws places and corridors).
    drawn: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    whole_dataset: bool = False  # it describes the whole dataset, unfiltered: its zip holds every row of it

    @property
    def all_tables(self) -> tuple[str, ...]:
        return self.tables + self.optional

    @property
    def fields(self) -> tuple[Field, ...]:
        """The filter fields that narrow something on this page."""
        return tuple(f for f in FIELDS if f.tables & set(self.all_tables))

    def lacking(self, dataset) -> list[Table]:
        """The tables this page needs that the dataset does not have."""
        return [BY_NAME[t] for t in self.tables if not dataset.has(BY_NAME[t].file)]

    def lacking_optional(self, dataset) -> list[Table]:
        """The tables this page could use that the dataset does not have."""
        return [BY_NAME[t] for t in self.optional if not dataset.has(BY_NAME[t].file)]


PAGES: tuple[Page, ...] = (
    # The Overview and Sources draw whatever the dataset has (an ACLED upload has events and sources only).
    Page("overview", "app_pages/overview.py", "Overview", ":material/dashboard:", "", (),
         optional=(EVENTS, AID, STANCES, RELATIONS), default=True),
    Page("timeline", "app_pages/timeline.py", "Timeline", ":material/timeline:", "timeline", (EVENTS,),
         params={"event": parse_event_id}, selection_key="event"),
    Page("us_aid", "app_pages/us_aid.py", "US aid", ":material/payments:", "us_aid", (AID,), optional=(EVENTS,),
         params={"event": parse_event_id, "aid": parse_aid_id}, selection_key="event",
         drawn={EVENTS: ("aid_overlay",)}),
    Page("map", "app_pages/map.py", "Map", ":material/map:", "map", (EVENTS,),
         params={"view": parse_view, "zoom": parse_zoom, "layers": parse_layers},
         drawn={"places": ("places_with_events", "unlocated_places"), CORRIDORS: ("corridors_in_filter",)}),
    Page("actors_stances", "app_pages/actors_stances.py", "Actors & stances", ":material/groups:", "actors_stances",
         (STANCES, RELATIONS), optional=(EVENTS, CLAIMS), params={"actor": parse_actor_id, "claim": parse_event_id}),
    Page("sources", "app_pages/sources.py", "Sources", ":material/format_quote:", "sources",
         (), optional=(EVENTS, AID, STANCES, RELATIONS), params={"source": parse_source_id, "passage": parse_passage},
         selection_key="source"),
    Page("data", "app_pages/data.py", "Data", ":material/upload_file:", "data", (), whole_dataset=True),
)
PAGES_BY_NAME = {page.name: page for page in PAGES}

# Every parameter some page owns. A link to one page may carry another page's parameter (a selection made on
# the Timeline, then a click on Map): it is kept in the URL but only its own page reads it.
ALL_PAGE_KEYS = tuple(sorted({VERSION_KEY, *(key for page in PAGES for key in page.params)}))
