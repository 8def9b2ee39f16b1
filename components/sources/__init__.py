"""The Sources page's own pieces: the source list, the reader, full-text search and coverage."""
