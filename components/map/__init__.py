"""The Map page's own pieces: the view and layer controls kept in the URL, the deck put on screen, the places the map
cannot show."""
