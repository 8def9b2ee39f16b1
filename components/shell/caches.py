"""The time to live of every shared cache in the app (each also has its own max_entries; docs/architecture.md,
section "Caches", lists them all). Answers never go stale, since every key holds the data version: the time
to live only gives back the memory of views nobody has asked for in an hour."""

CACHE_TTL = 3600  # seconds
