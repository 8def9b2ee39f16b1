"""South Caucasus Monitor: the router. It sets up the page, loads the dataset and its query layer once, draws
the global filters and runs the selected page from app_pages/. The list of pages is core/pages.py; pages do the
showing; core/ does the data work."""

from pathlib import Path

import streamlit as st

from components.shell.active_dataset import render_active_dataset
from components.shell.dataset import get_data
from components.shell.footer import render_footer
from components.shell.notices import read_link, render_unknown_page, render_url_notes, render_version_notice
from components.shell.sidebar import render_filters
from components.shell.url_state import read_page_params, write_filter_params
from components.shell.view import View, set_current
from core.pages import PAGES
from core.problems import DataError, SetupError
from core.text import md_escape

# A bundled file, so the browser asks no font or icon host for the favicon.
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"

st.set_page_config(page_title="South Caucasus Monitor", page_icon=str(ICON), layout="wide")

try:
    dataset, domain, store = get_data()
except DataError as error:
    st.error("The data did not pass validation, so nothing is shown. Problems found:")
    st.markdown("\n".join(f"- {md_escape(p)}" for p in error.problems[:50]))
    if len(error.problems) > 50:
        st.caption(f"… and {len(error.problems) - 50} more. Run `python -m core.validate DIR` for the full report.")
    st.stop()
except SetupError as error:
    st.error(md_escape(str(error)), icon=":material/settings:")
    st.stop()

registered = {
    page: st.Page(page.file, title=page.title, icon=page.icon, url_path=page.url_path or None, default=page.default)
    for page in PAGES
}
selected = st.navigation(list(registered.values()), position="sidebar")
page = next((p for p, nav in registered.items() if nav is selected), next(p for p in PAGES if p.title == selected.title))

render_active_dataset(dataset)
link_spec, url_notes = read_link(domain)
spec = render_filters(domain, link_spec, page)
write_filter_params(spec)
page_params, page_notes = read_page_params(page, store)

render_version_notice(dataset.fingerprint)
render_unknown_page(PAGES, page.title)
render_url_notes(url_notes + page_notes)
view = View(dataset, domain, store, spec, domain.names, page, page_params,
            nav={entry.name: nav for entry, nav in registered.items()})
set_current(view)
lacking = page.lacking(dataset)
if lacking:
    st.title(page.title)
    st.warning(f"This dataset has no {' or '.join(t.name for t in lacking)} table, which this page needs. "
               "The other pages still work.", icon=":material/table_rows:")
else:
    selected.run()
render_footer(view)
