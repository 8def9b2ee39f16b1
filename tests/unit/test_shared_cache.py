"""components/shell/caches.shared_cache: one value per key shared by every caller, the store-like "_" arguments
left out of the key, the oldest entry dropped past max_entries, an entry rebuilt after its time to live."""

from __future__ import annotations

from components.shell.caches import clear_shared_caches, shared_cache


def _counting(max_entries: int = 2, ttl: float = 3600):
    calls = []

    @shared_cache(max_entries=max_entries, ttl=ttl)
    def build(version: str, spec: tuple, _store: object) -> dict:
        calls.append((version, spec))
        return {"version": version, "spec": spec}

    return build, calls


def test_a_hit_returns_the_same_object_and_the_underscore_argument_is_not_in_the_key():
    build, calls = _counting()
    first = build("v1", (2020, 2021), object())
    again = build("v1", (2020, 2021), object())  # another store object, same version and spec
    assert again is first and calls == [("v1", (2020, 2021))]
    assert build("v2", (2020, 2021), object()) is not first and len(calls) == 2


def test_keyword_arguments_are_keyed_like_positional_ones_apart():
    build, calls = _counting()
    build(version="v1", spec=(1,), _store=None)
    build(version="v1", spec=(1,), _store="another")
    assert len(calls) == 1
    build(version="v1", spec=(2,), _store=None)
    assert len(calls) == 2


def test_the_least_recently_used_entry_is_dropped_past_max_entries():
    build, calls = _counting(max_entries=2)
    build("v", (1,), None)
    build("v", (2,), None)
    build("v", (1,), None)  # (1,) is now the most recent
    build("v", (3,), None)  # drops (2,)
    build("v", (1,), None)
    assert calls == [("v", (1,)), ("v", (2,)), ("v", (3,))]
    build("v", (2,), None)
    assert calls[-1] == ("v", (2,))


def test_an_entry_is_rebuilt_after_its_time_to_live():
    build, calls = _counting(ttl=0)
    build("v", (1,), None)
    build("v", (1,), None)
    assert len(calls) == 2


def test_clear_empties_every_shared_cache():
    build, calls = _counting()
    build("v", (1,), None)
    clear_shared_caches()
    build("v", (1,), None)
    assert len(calls) == 2
