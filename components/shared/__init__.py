"""Pieces several pages share: the evidence card, the events explorer, URL selection helpers, the event panel."""
