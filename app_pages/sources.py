"""Sources: every article and public page behind the data, and the rows that cite each one.

Until its issue lands this page says what is coming and how many filtered rows it will draw on."""

from components.coming_soon import render_coming_soon

render_coming_soon("A browsable list of sources with every row that cites them and its verbatim evidence.")
