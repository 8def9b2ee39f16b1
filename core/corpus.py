"""The readable texts behind the data, cut into passages, and the text tools of the Sources page.

A readable text is a corpus article (its file under data/corpus/) or a stored excerpt of a public page
(data/reference/excerpts/<source_id>.txt, after its header). The bundled reference notes (facts.md) are not
read here: many sources share them and they are not an article.

- `split_passages(text)`: the text's sentences, numbered from 1 across the whole text, with their character
  offsets, so an evidence quote found at offset s (Python's and the engines' character offsets agree) falls in
  the passages it overlaps;
- `fold(text)`: lower case, accents and typographic quotes and dashes folded, one character for one character,
  so offsets in the folded text are offsets in the original;
- `looks_like_fact(sentence)`: why a sentence looks like a fact (a date, a number or a named actor), or None;
- `search_terms(query, name_groups)`: each word of a query with its alternative names (Qizilbulaq for
  Gizilbulag), folded;
- `snippet(text, terms)`: a short extract around the first match (the first word whose stem a form's stem
  begins, the search's rule), as (before, match, after);
- `highlight_html(text, spans, selected)`: a paragraph's HTML with each evidence span in a <mark>, every
  fragment escaped, so a `<script>` in the text stays text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.evidence import EXCERPTS_DIR, excerpt_body
from core.stems import stem

# A sentence ends at . ! or ? (with any closing quotes or brackets), before white space and a capital, a quote or
# an opening bracket. Abbreviations and initials ("Feb.", "U.S.", "J.") do not end a sentence.
_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs",
                  "ms", "dr", "st", "no", "vs", "gen", "col", "lt", "prof", "e.g", "i.e", "u.s", "u.n", "approx"}

_FOLD = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "ʼ": "'", "–": "-", "—": "-",
         "‑": "-", "\u00a0": " ", "ı": "i", "ə": "e", "Ə": "e", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d"}


@dataclass(frozen=True)
class Passage:
    n: int  # 1-based, across the whole text
    paragraph: int  # 1-based line of the text it sits on
    start: int  # character offsets into the whole text: text[start:end] is the sentence
    end: int
    text: str


def fold_char(char: str) -> str:
    if char in _FOLD:
        return _FOLD[char]
    base = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in base if not unicodedata.combining(c)) or char
    lowered = base.lower()
    return lowered if len(lowered) == 1 else (base[0].lower() if len(base[0].lower()) == 1 else base[0])


def fold(text: str) -> str:
    """Lower case with accents, typographic quotes and dashes folded; always the same length as `text`."""
    return "".join(fold_char(c) for c in text)


def split_passages(text: str) -> list[Passage]:
    """The text's sentences, paragraph by paragraph (one paragraph per line), with their offsets."""
    passages: list[Passage] = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n"), start=1):
        begin = 0
        cuts = []
        for match in _END.finditer(line):
            before = line[begin:match.start() + 1].split()
            word = before[-1].rstrip(".").lower() if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            cuts.append(match.end())
            begin = match.end()
        begin = 0
        for cut in cuts + [len(line)]:
            piece = line[begin:cut]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                start = offset + begin + lead
                passages.append(Passage(len(passages) + 1, paragraph, start, start + len(stripped), stripped))
            begin = cut
        offset += len(line) + 1
    return passages


_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE = re.compile(rf"\b(?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS}|(?:1[89]|20)\d\d)\b")
_NUMBER = re.compile(r"(?:[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|percent|million|billion|thousand|km|kilomet))|\b\d+\b")
_ACTOR_WORDS = re.compile(r"\b(?:President|Minister|Ministry|Parliament|Congress|House|Senate|Government|Army|Forces)\b")


def looks_like_fact(sentence: str, actor_names: tuple[str, ...] = ()) -> str | None:
    """'a date', 'a number' or 'a named actor' when the sentence has one (checked in that order), else None."""
    if _DATE.search(sentence):
        return "a date"
    if _NUMBER.search(sentence):
        return "a number"
    folded = fold(sentence)
    if _ACTOR_WORDS.search(sentence) or any(re.search(rf"\b{re.escape(fold(name))}\b", folded) for name in actor_names):
        return "a named actor"
    return None


def readable_texts(data_dir: Path, sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> its readable text: the corpus file, or the stored excerpt's passage. Others have none."""
    texts = {}
    for row in sources.itertuples(index=False):
        if row.kind == "corpus" and isinstance(row.corpus_file, str) and (data_dir / row.corpus_file).exists():
            texts[row.source_id] = (data_dir / row.corpus_file).read_text(encoding="utf-8")
        elif (data_dir / EXCERPTS_DIR / f"{row.source_id}.txt").exists():
            texts[row.source_id] = excerpt_body((data_dir / EXCERPTS_DIR / f"{row.source_id}.txt").read_text(encoding="utf-8"))
    return texts


def passage_frames(texts: dict[str, str], actor_names: tuple[str, ...] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The engines' staging tables: `texts(source_id, text)` and `passages(source_id, n, paragraph, start_char,
    end_char, text, folded, fact_like)`."""
    rows = []
    for source_id, text in texts.items():
        for p in split_passages(text):
            rows.append((source_id, p.n, p.paragraph, p.start, p.end, p.text, fold(p.text),
                         looks_like_fact(p.text, actor_names)))
    passages = pd.DataFrame(rows, columns=["source_id", "n", "paragraph", "start_char", "end_char", "text", "folded",
                                           "fact_like"])
    for column in ("n", "paragraph", "start_char", "end_char"):
        passages[column] = passages[column].astype("int64")
    return text_frame(texts), passages


def text_frame(texts: dict[str, str]) -> pd.DataFrame:
    """The engines' staging table `texts(source_id, text)`."""
    # dtype=object: a dataset with no readable text (an upload) still gives text columns, not empty floats.
    return pd.DataFrame({"source_id": list(texts), "text": list(texts.values())}, columns=["source_id", "text"],
                        dtype=object)


# ---- search --------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)  # a token of the text search (core/search.py)


def name_groups(places: pd.DataFrame) -> list[set[str]]:
    """Each place's folded names: its name, each word-run of it, and its alternative names."""
    groups = []
    for name, alts in zip(places["name"], places["alt_names"]):
        names = {fold(str(name))}
        first = _WORD.findall(fold(str(name)))
        if first:
            names.add(first[0])  # 'Gizilbulag gold deposit' is written 'Gizilbulag' in the texts
        if isinstance(alts, str):
            names |= {fold(a.strip()) for a in alts.split(";") if a.strip()}
        groups.append({n for n in names if len(n) >= 3})
    return groups


def search_terms(query: str, groups: list[set[str]] = (), limit: int = 12) -> list[list[str]]:
    """One list per query word: the folded word and, when it is a name of a place, that place's other names.
    A passage matches when it contains one form of every word."""
    terms = []
    for word in _WORD.findall(fold(query))[:limit]:
        forms = [word]
        for group in groups:
            if word in group:
                forms += sorted(group - set(forms))
        terms.append(forms)
    return terms


def find_first(text: str, forms: list[str]) -> tuple[int, int] | None:
    """The (start, end) of the text's earliest word whose stem the stem of a form's first word begins (the
    search's rule: 'peacekeeping' finds 'peacekeepers'; 'Gizilbulag gold deposit' is looked for as 'Gizilbulag'),
    or None."""
    prefixes = tuple({stem(first[0]) for first in (_TOKEN.findall(fold(f)) for f in forms) if first})
    if not prefixes:
        return None
    for match in _TOKEN.finditer(fold(text)):
        if stem(match.group()).startswith(prefixes):
            return match.start(), match.end()
    return None


def snippet(text: str, terms: list[list[str]], width: int = 80) -> tuple[str, str, str]:
    """(before, match, after) around the first match of the first matching word, cut to about `width`
    characters each side with '…'."""
    for forms in terms:
        hit = find_first(text, forms)
        if hit:
            start, end = hit
            lead = text[max(0, start - width):start]
            tail = text[end:end + width]
            return ("…" if start > width else "") + lead, text[start:end], tail + ("…" if end + width < len(text) else "")
    return shorten_plain(text, 2 * width), "", ""


def shorten_plain(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---- highlighting --------------------------------------------------------------------------------------------

EVIDENCE_STYLE = "background:#fde68a;color:#1f2937;padding:0 .1em;border-radius:.2em"
SELECTED_STYLE = "background:#f59e0b;color:#111827;padding:0 .1em;border-radius:.2em;outline:2px solid #b45309"


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans merged, in order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def highlight_segments(text: str, offset: int, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The text (which starts at `offset` in the whole text) cut into (fragment, is_evidence) pieces."""
    pieces, at = [], 0
    for start, end in merge_spans(spans):
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if end <= at or start >= len(text):
            continue
        start = max(start, at)
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def highlight_html(text: str, offset: int, spans: list[tuple[int, int]], selected: bool = False,
                   anchor: str | None = None) -> str:
    """One passage as HTML: evidence spans in <mark>, everything escaped. `anchor` becomes the element's id."""
    style = SELECTED_STYLE if selected else EVIDENCE_STYLE
    body = "".join(
        f'<mark style="{style}">{html.escape(fragment)}</mark>' if marked else html.escape(fragment)
        for fragment, marked in highlight_segments(text, offset, spans)
    )
    if anchor is None:
        return body
    return f'<span id="{html.escape(anchor)}">{body}</span>'


def reader_html(passages: list[dict], spans: list[tuple[int, int]], selected: int | None = None,
                anchor_prefix: str = "passage-") -> list[str]:
    """One HTML block per paragraph of a text: its passages in order, each evidence span marked, a passage that
    supports rows preceded by its number, the selected passage marked more strongly, each passage's element id
    `anchor_prefix` + its number. Every fragment of text is escaped; only the markup made here is HTML."""
    paragraphs: list[list[str]] = []
    last = None
    for p in passages:
        if p["paragraph"] != last:
            paragraphs.append([])
            last = p["paragraph"]
        number = int(p["n"])
        label = (f'<sup style="font-weight:600">[{number}]</sup>&#8202;' if int(p["rows"]) > 0 or number == selected
                 else "")
        paragraphs[-1].append(label + highlight_html(str(p["text"]), int(p["start_char"]), spans,
                                                     selected=number == selected, anchor=f"{anchor_prefix}{number}"))
    return [" ".join(parts) for parts in paragraphs]
