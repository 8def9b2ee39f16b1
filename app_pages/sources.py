"""Sources: every article and public page behind the data, and the rows that cite each one.

Until its issue lands this page shows how many corpus articles and public sources the filtered rows cite, the
list of them, and says what is coming."""

from components.shell.coming_soon import render_coming_soon
from components.sources.source_list import render_cited_sources

render_coming_soon("A browsable list of sources with every row that cites them and its verbatim evidence.")
render_cited_sources()
