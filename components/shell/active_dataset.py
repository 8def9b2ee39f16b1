"""The active-dataset line at the top of every page's sidebar: the bundled data, another directory, or this
session's upload, with a way back to the bundled data and what a shared link means for an upload. An upload is
also named above the page, where a phone shows it with the sidebar folded."""

from __future__ import annotations

import streamlit as st

from components.shell.dataset import active_upload, data_dir, drop_upload
from core.load import Dataset, is_bundled
from core.text import md_escape

SHARE_NOTE = ("Your upload lives only in this browser session. A link you share carries its data version, but not "
              "the upload: whoever opens it sees the data their app has, with a notice that the version differs.")


def render_active_dataset(dataset: Dataset) -> None:
    upload = active_upload()
    with st.sidebar:
        if upload is None:
            where = "bundled data" if is_bundled(data_dir()) else f"directory {md_escape(str(data_dir()))}"
            st.caption(f"Dataset: {where}, version {dataset.fingerprint}.")
            return
        name, summary = upload
        with st.container(border=True):
            if dataset.has_added_rows:
                st.markdown(f":material/upload_file: **Dataset: bundled record + your upload** {md_escape(name)} "
                            f"(version {dataset.fingerprint}): {md_escape(summary)} added. The added rows' quotes are "
                            "not verified against their sources; the bundled rows' are.")
            else:
                st.markdown(f":material/upload_file: **Dataset: your upload** {md_escape(name)} "
                            f"(version {dataset.fingerprint}): {md_escape(summary)}. User-supplied: its quotes are not "
                            "verified against their sources.")
            st.markdown(SHARE_NOTE)
            st.button("Back to the bundled data", on_click=drop_upload, icon=":material/undo:", key="drop_upload")
    # Also above the page: on a phone the sidebar is folded away. A row that gives the button its text's width and
    # the notice the rest (a fixed fifth of the row cut the button's label at 1400 px); it wraps on a phone.
    if dataset.has_added_rows:
        notice = (f"You are exploring the bundled record with your upload {md_escape(name)} added (version "
                  f"{dataset.fingerprint}); the added rows' quotes are not verified. It is not in links you share.")
    else:
        notice = (f"You are exploring your upload {md_escape(name)} (version {dataset.fingerprint}); its quotes are "
                  "not verified. It is not in links you share.")
    with st.container(horizontal=True, vertical_alignment="center", key="upload_banner"):
        st.info(notice, icon=":material/upload_file:")
        st.button("Back to the bundled data", on_click=drop_upload, icon=":material/undo:", key="drop_upload_main",
                  width="content")
