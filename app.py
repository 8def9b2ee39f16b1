"""South Caucasus Monitor: the router. It sets up the page, loads the dataset once, draws the global filters
and runs the selected page from app_pages/. Pages do the showing; core/ does the data work."""

import streamlit as st

from components.dataset import get_dataset
from components.footer import render_footer
from components.notices import read_link, render_url_notes, render_version_notice
from components.sidebar import render_filters
from components.url_state import write_filter_params
from components.view import View, set_current
from core.problems import DataError
from core.text import md_escape

st.set_page_config(page_title="South Caucasus Monitor", page_icon=":material/public:", layout="wide")

try:
    dataset, domain = get_dataset()
except DataError as error:
    st.error("The bundled data did not pass validation, so nothing is shown. Problems found:")
    st.markdown("\n".join(f"- {md_escape(p)}" for p in error.problems[:50]))
    st.stop()

link_spec, url_notes = read_link(domain)
spec, actor_labels = render_filters(dataset, domain, link_spec)
write_filter_params(spec)

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("app_pages/us_aid.py", title="US aid", icon=":material/payments:", url_path="us_aid"),
    st.Page("app_pages/map.py", title="Map", icon=":material/map:", url_path="map"),
    st.Page("app_pages/actors_stances.py", title="Actors & stances", icon=":material/groups:", url_path="actors_stances"),
    st.Page("app_pages/sources.py", title="Sources", icon=":material/format_quote:", url_path="sources"),
]
page = st.navigation(PAGES, position="sidebar")

render_version_notice(dataset.fingerprint)
render_url_notes(url_notes)
set_current(View(dataset, domain, spec, actor_labels))
page.run()
render_footer(dataset, spec)
