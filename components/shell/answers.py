"""The query layer as the app holds it: a Store that remembers its answers, shared by every session that reads
the same data version.

`CachingStore` is a `core.query.Store` whose questions keep their answers in a bounded LRU, keyed by the
question's name and its arguments (a `FilterSpec` is immutable and hashable). One CachingStore exists per data
directory and fingerprint (components/shell/dataset.py caches it), so the key never needs the fingerprint and an
answer for one dataset is never served for another. Nothing of a session (its widgets, its URL) is in the key
beyond the arguments the page passes, which are the same for every reader of the same view.

Callers may not mutate an answer, so every hit hands out a fresh value: a frame as a shallow copy (pandas'
copy-on-write keeps the cached frame unchanged whatever the caller does with it), anything else that is not
immutable as a deep copy. Answers meant for downloads (`export_rows`, `table_rows`) and answers over
MAX_ANSWER_BYTES are never kept; the whole cache keeps at most MAX_ENTRIES answers and MAX_BYTES bytes (as
pandas counts them), and drops an answer TTL_SECONDS after it was stored.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import decimal
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

import numpy as np
import pandas as pd

from components.shell.caches import CACHE_TTL
from core.query import Store
from core.query.registry import record

MAX_ENTRIES = 1024
MAX_BYTES = 32 * 1024 * 1024
MAX_ANSWER_BYTES = 4 * 1024 * 1024
TTL_SECONDS = CACHE_TTL
UNCACHED = frozenset({"export_rows", "table_rows"})  # whole filtered tables, built only for a download

# Values no caller can change: handed out as they are. Dates, times and numpy scalars are immutable too (a deep copy
# of each Timestamp in a list of records was most of the copy's time).
_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, datetime.date, datetime.time, datetime.timedelta,
              decimal.Decimal, np.generic, type(pd.NaT), type(pd.NA))
SAMPLED = 32  # a list of more items than this is sized from this many of them, evenly spaced


def _size(value) -> int:
    """Bytes an answer takes, roughly: pandas' count for frames (deep for object columns; also inside dataclasses),
    else getsizeof, recursively. A long list is sized from SAMPLED of its items (a page's records are alike):
    walking every record of every new answer was a tenth of a fresh Actors & stances rerun."""
    if isinstance(value, pd.DataFrame):
        return _frame_size(value)
    if hasattr(value, "__dataclass_fields__"):
        return sum(_size(getattr(value, name)) for name in value.__dataclass_fields__) + 64
    if isinstance(value, (list, tuple)):
        if len(value) > SAMPLED:
            step = len(value) / SAMPLED
            sample = sum(_size(value[int(i * step)]) for i in range(SAMPLED))
            return sys.getsizeof(value) + int(sample * len(value) / SAMPLED)
        return sys.getsizeof(value) + sum(_size(v) for v in value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(_size(k) + _size(v) for k, v in value.items())
    return sys.getsizeof(value)


def _frame_size(frame: pd.DataFrame) -> int:
    """What memory_usage(deep=True, index=True) counts, at half its cost: each column's buffers (Arrow strings
    count their bytes), and object columns' items one by one."""
    total = int(frame.index.memory_usage(deep=True))
    for _, column in frame.items():
        array = column.array
        total += int(column.memory_usage(deep=True, index=False)) if column.dtype == object else int(array.nbytes)
    return total


def fresh(value):
    """A copy of a cached answer that the caller may change without changing the cache: immutable values as they
    are, a frame as a shallow copy (copy-on-write), lists, dicts and dataclasses copied item by item (a deep copy
    of a Timestamp or a string is no use, and copy.deepcopy's bookkeeping made it 20 times slower), anything else
    deep-copied."""
    if isinstance(value, _IMMUTABLE):
        return value
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    kind = type(value)
    if kind is list:
        return [fresh(v) for v in value]
    if kind is dict:
        return {k: fresh(v) for k, v in value.items()}
    if kind is tuple:
        return value if all(isinstance(v, _IMMUTABLE) for v in value) else tuple(fresh(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        copied = copy.copy(value)
        for field in dataclasses.fields(value):
            object.__setattr__(copied, field.name, fresh(getattr(value, field.name)))
        return copied
    return copy.deepcopy(value)


class AnswerCache:
    """A thread-safe LRU of answers with a count limit, a byte limit and a time to live."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES,
                 max_answer_bytes: int = MAX_ANSWER_BYTES, ttl: float = TTL_SECONDS, clock=time.monotonic):
        self.max_entries, self.max_bytes, self.max_answer_bytes, self.ttl = max_entries, max_bytes, max_answer_bytes, ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, tuple[float, int, object]] = OrderedDict()
        self.bytes = 0
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable):
        """(True, answer) on a live hit, else (False, None)."""
        with self._lock:
            found = self._items.get(key)
            if found is not None and self._clock() - found[0] < self.ttl:
                self._items.move_to_end(key)
                self.hits += 1
                return True, found[2]
            if found is not None:
                self._drop(key)
            self.misses += 1
            return False, None

    def put(self, key: Hashable, value) -> None:
        size = _size(value)
        if size > self.max_answer_bytes:
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (self._clock(), size, value)
            self.bytes += size
            while self._items and (len(self._items) > self.max_entries or self.bytes > self.max_bytes):
                self._drop(next(iter(self._items)))

    def _drop(self, key: Hashable) -> None:
        _, size, _ = self._items.pop(key)
        self.bytes -= size


class CachingStore(Store):
    """A Store whose question answers are cached (see the module docstring); everything else is Store's."""

    def __init__(self, dataset, engine=None, log: bool = False, cache: AnswerCache | None = None,
                 consume: bool = False):
        super().__init__(dataset, engine, log, consume)
        self.answers = cache or AnswerCache()

    def __getattr__(self, name: str):
        ask = super().__getattr__(name)  # AttributeError for a name that is no question
        if name in UNCACHED:
            return ask

        def cached(*args, **kwargs):
            key = (name, args, tuple(sorted(kwargs.items())))
            try:
                hash(key)
            except TypeError:  # an argument that cannot be a key (a list): ask every time
                return ask(*args, **kwargs)
            hit, value = self.answers.get(key)
            if not hit:
                value = ask(*args, **kwargs)
                self.answers.put(key, value)
            else:  # the logs list what pages ask, answered from the cache or not
                record(self.engine, name, args, kwargs)
            return fresh(value)

        return cached
