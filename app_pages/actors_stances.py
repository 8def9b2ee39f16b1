"""Actors & stances: each actor's position on the region's key questions over time, on a −2..+2 codebook.

Until its issue lands this page says what is coming and how many filtered rows it will draw on."""

from components.shell.coming_soon import render_coming_soon

render_coming_soon("Stance panels per actor and topic, each cell backed by its quote.")
