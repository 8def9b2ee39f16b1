"""The app's shared caches: their time to live, and `shared_cache`, the decorator the pages' data and figure
builders use (docs/architecture.md, section "Caches", lists them all).

`shared_cache` is what `st.cache_resource` is to these builders (one value per key, shared by every session, no
copy on a hit, LRU with a time to live) with a cheaper key: the arguments themselves, as a dict key. Their
arguments are all hashable (the data version, a frozen `FilterSpec`, ids, flags), so Python's own hash does;
`st.cache_resource` hashes each argument with its own hasher and looks up the function's signature on every call,
which on the Actors & stances page came to about 3.5 ms of each rerun (py-spy, 30 Nov 2026). As with
`st.cache_resource`, a parameter whose name starts with "_" (the store) is left out of the key.

Answers never go stale, since every key holds the data version: the time to live only gives back the memory of
views nobody has asked for in an hour."""

from __future__ import annotations

import functools
import inspect
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

CACHE_TTL = 3600  # seconds

_ALL: list[SharedCache] = []


class SharedCache:
    """An LRU of one function's results, keyed by its arguments but those named with a leading "_"."""

    def __init__(self, func: Callable, max_entries: int, ttl: float):
        self.func, self.max_entries, self.ttl = func, max_entries, ttl
        names = list(inspect.signature(func).parameters)
        self._kept = [i for i, name in enumerate(names) if not name.startswith("_")]
        self._items: OrderedDict = OrderedDict()  # key -> (stored at, value)
        self._lock = threading.Lock()
        functools.update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        key = (tuple(args[i] for i in self._kept if i < len(args)),
               tuple(sorted((k, v) for k, v in kwargs.items() if not k.startswith("_"))))
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                self._items.move_to_end(key)
                return hit[1]
        value = self.func(*args, **kwargs)  # outside the lock: two sessions may build one value twice, never wait
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def shared_cache(max_entries: int, ttl: float = CACHE_TTL) -> Callable[[Callable], SharedCache]:
    def wrap(func: Callable) -> SharedCache:
        cache = SharedCache(func, max_entries, ttl)
        _ALL.append(cache)
        return cache
    return wrap


def clear_shared_caches() -> None:
    """Empty every shared cache (tests that run one dataset on two engines)."""
    for cache in _ALL:
        cache.clear()
