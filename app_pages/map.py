"""Map: mineral deposits, towns and the transport and energy corridors of the region, drawn from bundled coordinates.

Until its issue lands this page says what is coming and how many filtered rows it will draw on."""

from components.shell.coming_soon import render_coming_soon

render_coming_soon("A pydeck map of the deposits and corridors with bundled outlines, so it draws without internet.")
