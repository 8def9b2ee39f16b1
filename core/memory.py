"""Give freed memory back to the system between the phases of opening a large directory.

pyarrow allocates through its own pool (mimalloc or jemalloc), which keeps freed pages for reuse: after validating
1M events the process held about 400 MB that no object used any more, and the engine's load then grew on top of it.
`release_unused()` hands those pages back (and asks glibc's malloc to do the same). It is cheap (a few ms) and is
called only at phase boundaries of a load, never on a rerun.
"""

from __future__ import annotations

import ctypes
import ctypes.util


def release_unused() -> None:
    """Return the memory pools' free pages to the operating system."""
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except ImportError:  # pragma: no cover - pyarrow is a dependency; nothing to release without it
        pass
    _malloc_trim()


def _malloc_trim() -> None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is not None and hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)
    except OSError:  # not glibc (musl, macOS): nothing to trim
        pass
