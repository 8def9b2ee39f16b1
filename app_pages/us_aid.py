"""US aid: US security assistance to Azerbaijan and Armenia by fiscal year, each bar traced to its source.

Until its issue lands this page says what is coming and how many filtered rows it will draw on."""

from components.shell.coming_soon import render_coming_soon

render_coming_soon("Aid charts by fiscal year and programme, with totals and their parts kept apart so nothing is counted twice.")
