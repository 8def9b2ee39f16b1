"""The app shell: sidebar, notices, footer, URL state, empty state, current view, cached dataset, placeholder page."""
