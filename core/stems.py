"""Word forms: the Snowball English stemmer, one place for the text search (core/search.py) and the snippets of
the corpus search (core/corpus.py), so 'peacekeepers' and 'peacekeeping' are one word ('peacekeep') everywhere."""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

_ENGLISH = snowballstemmer.stemmer("english")


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """The Snowball English stem of a folded, lower-case word: 'peacekeepers' -> 'peacekeep', 'goris' -> 'gori'."""
    return _ENGLISH.stemWord(word)
