"""The Timeline page's own pieces: the chart put on screen, cached and clickable."""
