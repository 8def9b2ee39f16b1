"""Data: which dataset the app is showing, and a user's own data. Upload a table in this dataset's schema (CSV,
Excel or Parquet), a zip of a whole data directory, or an ACLED export; read the validation report (file, row,
column, problem, value); then go on with the valid rows, which stay in this browser session only, or cancel.
The bundled files are never changed."""

import streamlit as st

from components.data.upload import render_upload
from components.shell.active_dataset import SHARE_NOTE
from components.shell.view import current
from core.filters import FilterSpec
from core.fields import AID, EVENTS, RELATIONS, STANCES
from core.tables import TABLES
from core.text import md_escape
from core.upload import MAX_UPLOAD_MB


def render(view) -> None:
    st.title("Data")
    dataset = view.dataset
    if dataset.has_added_rows:
        st.markdown(f"You are exploring **the bundled record with your upload added** (data version "
                    f"{dataset.fingerprint}). The bundled rows' quotes were checked, word for word, against their "
                    "sources; the added rows' were not, and their evidence cards say so. The Event origin filter in "
                    "the sidebar tells them apart. The button in the sidebar goes back to the bundled data alone.")
    elif dataset.user_supplied:
        st.markdown(f"You are exploring **your upload** (data version {dataset.fingerprint}). Its quotes are "
                    "user-supplied and not verified against their sources; every evidence card says so. "
                    "The button in the sidebar goes back to the bundled data.")
    else:
        release = f", release {md_escape(dataset.release)}" if dataset.release else ""
        st.markdown(f"You are exploring the app's own data (data version {dataset.fingerprint}{release}): every "
                    "quote in it was checked, word for word, against its source.")
    everything = FilterSpec(years=view.domain.year_bounds)  # every year the data touches, no other filter
    held = [f"{view.store.count(table.name, everything):,} {table.rows}" for table in TABLES
            if table.name in (EVENTS, AID, STANCES, RELATIONS) and dataset.has(table.file)]
    if held:
        st.markdown(f"It holds {', '.join(held)}.")
    st.subheader("Explore your own data")
    st.markdown(
        f"- **What you can upload**, up to **{MAX_UPLOAD_MB} MB** per file: a table in this dataset's schema "
        "(CSV, Excel or Parquet, named after its table: `events.csv`), a zip of a whole data directory, or an "
        "ACLED export (recognised by its columns). The data dictionary, and how ACLED columns are mapped, are in "
        "the repository's data/README.md.\n"
        "- **How it is checked**: with the same schemas and cross-table checks as the bundled data. Your quotes "
        "cannot be checked against their sources, so they are marked *user-supplied, quote not verified*.\n"
        "- **Where it goes**: the bundled files are not changed. " + SHARE_NOTE)
    render_upload()


render(current())
