"""The Data page's own pieces: the upload, its validation report, and going on with the valid rows."""
