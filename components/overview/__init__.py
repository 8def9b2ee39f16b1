"""The Overview's own pieces: the monthly trend with "what changed" lines, and the coverage per year."""
