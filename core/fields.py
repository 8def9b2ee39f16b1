"""The global filter fields, one object each (after datasette's `Filter` classes).

A field owns everything about one setting, so nothing can drift apart:
- `keys`: the URL parameters it reads and writes; `parse()` reads them tolerantly (a bad value is dropped and
  named in `notes`), `serialise()` writes them back (a default writes nothing, so links stay short);
- `describe()`: its clause of the plain-English line under the filters;
- `widgets()`: what the sidebar draws for it (components/shell/sidebar.py turns these into Streamlit widgets), and
  `to_widgets()`/`from_widgets()`: the widgets' values for a field value, and back;
- `tables` and `where()`: which query-layer tables it narrows, and the SQL predicate it adds to each;
- `widen`: what the empty state suggests when this field is what excludes everything;
- `example()` and `lone_examples()`: values the data of an engine has, from which core/query/registry.py derives
  the example filters every filter-taking question is run with (engine test, portability test, benchmark).

To add a filter: write a Field subclass here (or configure a CodesField) and add it to FIELDS. FilterSpec holds
values by field name, and the example filters walk FIELDS, so neither needs an edit. If its widget lists something
from the dataset, add that to FilterDomain (core/filters.py); if its widget kind is new, add a renderer to the
sidebar. The tests that state by hand what a field does are listed in docs/architecture.md ("How to add").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core import search
from core.search import TEXT_COLUMNS
from core.text import shorten, shorten_counted as short
from core.vocab import label

DEFAULT_YEARS = (2018, 2022)
EARLY = "before"  # the year slider's first stop: every year before DEFAULT_YEARS[0], chosen together
MAX_TEXT_CHARS = 200
MAX_ID_CHARS = 64
MAX_LIST_ITEMS = 50

# Query-layer tables a filter can narrow (see core/query/engine.py). Every one has y0/y1 year columns.
EVENTS, AID, STANCES, RELATIONS, CLAIMS = "events", "aid", "stances", "relations", "claims"
CORRIDORS = "corridors"  # the Map's corridors: only the year field narrows them (they carry no actors)

Clause = tuple[str, list]  # SQL with '?' placeholders, and its parameters


class Adjusted(str):
    """A parse note on a value that was applied in another form (a reversed range, a snapped year), as opposed to
    a plain-str note on a value that was ignored. The notice lists the two apart."""


@dataclass(frozen=True)
class Widget:
    kind: str  # "year_range" (a select slider over `options`), "multiselect", "checkbox" or "text"
    key: str  # names the widget's value in to_widgets()/from_widgets(); the sidebar derives the Streamlit key
    label: str
    help: str = ""
    placeholder: str = ""
    options: tuple = ()  # for a multiselect or the year slider: the choices, in order
    labels: Mapping[str, str] | None = None  # how a choice is shown, where not as itself


class Field:
    name: str
    keys: tuple[str, ...]
    tables: frozenset[str] = frozenset()
    widen: str = ""

    def normalise(self, value) -> Any:
        """The value as a spec holds it (hashable: lists become tuples)."""
        return _frozen(value)

    def check(self, value) -> None:
        """Raise ValueError for a value no URL or widget can produce (a programming error, not user input)."""

    def default(self) -> Any:
        raise NotImplementedError

    def is_default(self, value) -> bool:
        return value == self.default()

    def parse(self, params: Mapping[str, list[str]], domain, notes: list[str]) -> Any:
        raise NotImplementedError

    def serialise(self, value) -> dict[str, str | list[str]]:
        raise NotImplementedError

    def describe(self, value, names: Mapping[str, str]) -> str | None:
        raise NotImplementedError

    def widgets(self, domain) -> list[Widget]:
        raise NotImplementedError

    def widen_for(self, value) -> str:
        """What to change so that this field lets more rows through."""
        return self.widen

    def to_widgets(self, value, domain=None) -> dict[str, Any]:
        """The widgets' values that show this field value, by widget key (one widget by default)."""
        return {self.keys[0]: list(value) if isinstance(value, tuple) else value}

    def from_widgets(self, state: Mapping[str, Any], domain=None) -> Any:
        """The value the widgets hold now."""
        value = state[self.keys[0]]
        return tuple(value) if isinstance(value, list) else value

    def where(self, table: str, value, actors) -> Clause | None:
        """The predicate this value adds on `table` (None when it narrows nothing). `actors` is an ActorTree."""
        raise NotImplementedError

    def example(self, engine) -> Any:
        """A value that selects rows of the engine's data (the field's default when the data has none): the
        busy example filter sets every field to its example at once."""
        raise NotImplementedError(f"filter field {self.name!r} gives no example value (Field.example)")

    def lone_examples(self, engine) -> tuple:
        """The values this field is exercised with alone, every other field at its default: one example
        filter each."""
        return (self.example(engine),)


class YearsField(Field):
    name, keys = "years", ("years",)
    tables = frozenset({EVENTS, AID, STANCES, RELATIONS, CLAIMS, CORRIDORS})
    widen = "widen the year range"

    def default(self):
        return DEFAULT_YEARS

    def normalise(self, value):
        return int(value[0]), int(value[1])

    def check(self, value):
        if value[0] > value[1]:
            raise ValueError(f"year range {value[0]}–{value[1]} is reversed")

    def parse(self, params, domain, notes):
        """Keep every good year and drop only the bad ones: years=1850&years=2021 reads as 2021 alone, and says so.
        A reversed pair is applied the other way round, and noted as adjusted, not ignored."""
        raw = params.get("years")
        if not raw:
            return DEFAULT_YEARS
        low_bound, high_bound = domain.year_bounds
        if len(raw) > 2:
            notes.append(f"years was given {len(raw)} times; a range needs exactly two")
            return DEFAULT_YEARS
        years: list[int] = []
        for value in raw:
            try:
                year = int(value.strip())
            except ValueError:
                notes.append(f"years={short(value)} is not a year")
                continue
            if not low_bound <= year <= high_bound:
                notes.append(f"years={year} is outside the years this dashboard covers, "
                             f"{DEFAULT_YEARS[0]}–{DEFAULT_YEARS[1]} (with background events back to {low_bound})")
                continue
            years.append(year)
        if not years:
            return DEFAULT_YEARS
        if len(years) < len(raw):
            notes.append(Adjusted(f"the year range was read as {years[0]} alone"))
            years = [years[0], years[0]]
        elif len(years) == 1:
            years = [years[0], years[0]]
        if years[0] > years[1]:
            notes.append(Adjusted(f"years {years[0]}–{years[1]} were reversed; read as {years[1]}–{years[0]}"))
        low, high = min(years), max(years)
        snapped = (self._snap(low, domain, True), self._snap(high, domain, False))
        if snapped != (low, high):
            notes.append(Adjusted(f"years before {DEFAULT_YEARS[0]} are chosen together: {low}–{high} read as "
                                  f"{snapped[0]}–{snapped[1]}"))
        return snapped

    @staticmethod
    def _snap(year: int, domain, is_low: bool) -> int:
        """A year before the default range stands for all of them: the data's first year, or the year before."""
        first = domain.year_bounds[0]
        if year >= DEFAULT_YEARS[0] or first >= DEFAULT_YEARS[0]:
            return year
        return first if is_low else DEFAULT_YEARS[0] - 1

    def serialise(self, value):
        return {} if self.is_default(value) else {"years": [str(value[0]), str(value[1])]}

    def describe(self, value, names):
        low, high = value
        return f"Showing {low}" if low == high else f"Showing {low}–{high}"

    def widgets(self, domain):
        low, high = domain.year_bounds
        stops = ([EARLY] if low < DEFAULT_YEARS[0] else []) + list(range(max(low, DEFAULT_YEARS[0]), high + 1))
        early = f"Before {DEFAULT_YEARS[0]}"
        return [Widget("year_range", "years", "Years", options=tuple(stops), labels={EARLY: early}, help=(
            "Rows whose date or period overlaps these years. The record is dense from "
            f"{DEFAULT_YEARS[0]}; “{early}” holds the older anchors ({low}–{DEFAULT_YEARS[0] - 1}), chosen together."))]

    def to_widgets(self, value, domain=None):
        return {"years": tuple(EARLY if year < DEFAULT_YEARS[0] else year for year in value)}

    def from_widgets(self, state, domain=None):
        low, high = state["years"]
        first = domain.year_bounds[0] if domain is not None else DEFAULT_YEARS[0] - 1
        low = first if low == EARLY else low
        high = DEFAULT_YEARS[0] - 1 if high == EARLY else high
        return min(low, high), max(low, high)

    def where(self, table, value, actors):
        if table not in self.tables:
            return None
        return "y0 <= ? AND y1 >= ?", [value[1], value[0]]

    def example(self, engine):
        return DEFAULT_YEARS[0] + 1, DEFAULT_YEARS[1]  # inside the default span, where every dataset is dense

    def lone_examples(self, engine):
        return ((1900, 2100),)  # the whole span: background events before the default years, and every row


class ActorsField(Field):
    """Actors, and whether choosing one also chooses the actors below it (two URL keys, two widgets)."""

    name, keys = "actors", ("actors", "sub")
    tables = frozenset({EVENTS, AID, STANCES, RELATIONS, CLAIMS})

    def default(self):
        return (), True

    def normalise(self, value):
        actors, include_children = value
        return tuple(actors), bool(include_children)

    def parse(self, params, domain, notes):
        actors = parse_ids(params.get("actors"), domain.actor_ids, "actor", notes)
        return actors, parse_bool(params.get("sub"), "sub", True, notes)

    def serialise(self, value):
        actors, include_children = value
        params: dict[str, str | list[str]] = {}
        if actors:
            params["actors"] = list(actors)
        if not include_children:
            params["sub"] = "false"
        return params

    def is_default(self, value):
        return not value[0]  # "sub" alone selects nothing

    def widen_for(self, value) -> str:
        return "remove an actor" + ("" if value[1] else " or turn on “Include sub-actors”")

    def describe(self, value, names):
        actors, include_children = value
        if not actors:
            return "all actors"
        who = join_words([names.get(a, a) for a in actors], "or")
        return f"involving {who}" + (" (with sub-actors)" if include_children else " (exactly)")

    def widgets(self, domain):
        return [
            Widget("multiselect", "actors", "Actors", placeholder="All actors", options=domain.actor_ids,
                   labels=domain.actor_labels),
            Widget("checkbox", "sub", "Include sub-actors",
                   help="With this on, Russia also selects the Russian MoD, the peacekeepers and Putin."),
        ]

    def to_widgets(self, value, domain=None):
        return {"actors": list(value[0]), "sub": value[1]}

    def from_widgets(self, state, domain=None):
        return tuple(state["actors"]), bool(state["sub"])

    def where(self, table, value, actors):
        chosen, include_children = value
        if not chosen or table not in self.tables:
            return None
        wanted = sorted(actors.expand(chosen, include_children))
        marks = ", ".join("?" * len(wanted))
        if table == EVENTS:  # by the event's actor list: a few thousand lists, not two rows per event (the load's actor_lists)
            return f"actors IN (SELECT actors FROM actor_lists WHERE actor_id IN ({marks}))", wanted
        if table in (STANCES, CLAIMS):  # a claim with no actor (the source's own account) is left out
            return f"actor_id IN ({marks})", wanted
        first, second = ("donor", "recipient") if table == AID else ("actor_a", "actor_b")
        return f"({first} IN ({marks}) OR {second} IN ({marks}))", wanted + wanted

    def example(self, engine):
        """The first top-level actor, with its sub-actors."""
        first = first_value(engine, "SELECT actor_id FROM actors WHERE parent_id IS NULL ORDER BY actor_id")
        return ((first,) if first else ()), True

    def lone_examples(self, engine):
        chosen, _ = self.example(engine)
        return ((chosen, False),)  # the same actor exactly, without its sub-actors


class CodesField(Field):
    """A multiselect of codes from one table's column (event types, stance topics)."""

    def __init__(self, name: str, key: str, table: str, column: str, noun: str, widget_label: str,
                 placeholder: str, describe_as: str, domain_attr: str, labels_attr: str | None = None,
                 help: str = "", example_every: bool = False):
        """`example_every`: the busy example holds every code the data has, not only the commonest (for a field
        of two codes, where one alone would leave the busy example half its rows)."""
        self.name, self.keys = name, (key,)
        self.tables = frozenset({table})
        self._table, self._column, self._noun = table, column, noun
        self._label, self._placeholder, self._describe_as = widget_label, placeholder, describe_as
        self._domain_attr, self._labels_attr, self._help = domain_attr, labels_attr, help
        self._example_every = example_every
        self.widen = f"allow more {noun}s"

    def default(self):
        return ()

    def parse(self, params, domain, notes):
        return parse_ids(params.get(self.keys[0]), getattr(domain, self._domain_attr), self._noun, notes)

    def serialise(self, value):
        return {self.keys[0]: list(value)} if value else {}

    def describe(self, value, names):
        if not value:
            return None
        return self._describe_as + " " + join_words([names.get(code, label(code)) for code in value], "or")

    def widgets(self, domain):
        options = tuple(getattr(domain, self._domain_attr))
        labels = getattr(domain, self._labels_attr) if self._labels_attr else {code: label(code) for code in options}
        return [Widget("multiselect", self.keys[0], self._label, help=self._help, placeholder=self._placeholder,
                       options=options, labels=labels)]

    def where(self, table, value, actors):
        if not value or table != self._table:
            return None
        return f"{self._column} IN ({', '.join('?' * len(value))})", list(value)

    def example(self, engine):
        """Every code the data has (`example_every`), or the commonest code (ties by code)."""
        if self._example_every:
            frame = engine.frame(f"SELECT DISTINCT {self._column} FROM {self._table} ORDER BY 1")
            return tuple(frame.iloc[:, 0].dropna())
        code = first_value(engine, f"SELECT {self._column} FROM {self._table} GROUP BY {self._column} "
                                   f"ORDER BY count(*) DESC, {self._column}")
        return (code,) if code else ()

    def lone_examples(self, engine):
        """None: a code narrows one table by equality, which the busy example filter already exercises on every
        question (each filter alone would run every question on Spark once more per code field)."""
        return ()


# Columns searched by the text field, per table.
class TextField(Field):
    name, keys = "text", ("q",)
    tables = frozenset(TEXT_COLUMNS)
    widen = "clear the search text"

    def default(self):
        return ""

    def parse(self, params, domain, notes):
        raw = params.get("q")
        if not raw:
            return ""
        if len(raw) > 1:
            notes.append(f"q was given {len(raw)} times; used the last")
        value = " ".join(raw[-1].split())
        if len(value) > MAX_TEXT_CHARS:
            notes.append(f"search text of {len(value):,} characters was cut to {MAX_TEXT_CHARS}")
            value = value[:MAX_TEXT_CHARS]
        return value

    def serialise(self, value):
        return {"q": value} if value else {}

    def describe(self, value, names):
        if not value:
            return None
        return f"matching “{shorten(value, 40)}”"

    def widgets(self, domain):
        return [Widget("text", "q", "Search text",
                       help="Finds rows holding every word, in any form (peacekeeping finds peacekeepers), in titles, "
                            "evidence quotes, notes, actor and place names, ignoring case and accents; a place's other "
                            "names count (Stepanakert finds Khankendi), and so do the corridors through it.",
                       placeholder="e.g. Sochi, peacekeepers")]

    def from_widgets(self, state, domain=None):
        return " ".join(str(state["q"]).split())[:MAX_TEXT_CHARS]

    def where(self, table, value, actors):
        """The stem of every word of the text, in any case and accent, begins the stem of a word of the row's text,
        actor or place names (alternative place names and the corridors through the place included): one
        implementation with the corpus search, core/search.py."""
        if not value or table not in search.DOCS:
            return None
        kind, key, _ = search.DOCS[table]
        return search.clause(kind, key, value)

    def example(self, engine):
        return "e"  # begins a word of most rows

    def lone_examples(self, engine):
        return ("no-such-words-anywhere so'chi%_",)  # matches nothing; the quote, % and _ must reach SQL as text


YEARS = YearsField()
ACTORS = ActorsField()
EVENT_TYPES = CodesField("event_types", "types", EVENTS, "event_type", "event type", "Event types",
                         "All event types", "events of type", "event_types")
TOPICS = CodesField("topics", "topics", STANCES, "topic_id", "topic", "Stance topics", "All topics",
                    "stances on", "topic_ids", labels_attr="topic_names", help="Narrows stances only (Actors & stances, Overview counts).")
ORIGINS = CodesField("origins", "origin", EVENTS, "origin", "origin", "Event origin", "Events of every origin",
                     "events from", "origins", labels_attr="origin_labels",
                     help="Corpus: from the nine articles the dataset was built from. Context: from public sources, "
                          "added so that the timeline holds the events an analyst expects. ACLED, your upload: "
                          "rows uploaded on the Data page (quotes not verified).", example_every=True)
TEXT = TextField()

# The order of the sidebar, of the description and of the URL.
FIELDS: tuple[Field, ...] = (YEARS, ACTORS, EVENT_TYPES, ORIGINS, TOPICS, TEXT)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
FILTER_KEYS = tuple(key for f in FIELDS for key in f.keys)


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def first_value(engine, sql: str):
    """The first cell of the statement's first row, or None when it returns no row."""
    frame = engine.frame(sql + " LIMIT 1")
    return None if frame.empty else frame.iat[0, 0]


# ---- parsing helpers ------------------------------------------------------------------------------------------


def join_words(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def parse_ids(raw: list[str] | None, known, noun: str, notes: list[str]) -> tuple[str, ...]:
    if not raw:
        return ()
    known_set = set(known)
    kept: list[str] = []
    for value in raw:
        value = value.strip()
        if value in kept:
            continue
        if len(value) > MAX_ID_CHARS or value not in known_set:
            notes.append(f"unknown {noun} '{short(value)}'")
            continue
        if len(kept) >= MAX_LIST_ITEMS:
            notes.append(f"more than {MAX_LIST_ITEMS} {noun}s; the rest were ignored")
            break
        kept.append(value)
    return tuple(kept)


def parse_bool(raw: list[str] | None, key: str, default: bool, notes: list[str]) -> bool:
    if not raw:
        return default
    if len(raw) > 1:
        notes.append(f"{key} was given {len(raw)} times; used the last")
    value = raw[-1].strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    notes.append(f"{key}={short(value)} is not true or false")
    return default
