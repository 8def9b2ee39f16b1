"""The Sources page's own pieces: the list of cited sources."""
