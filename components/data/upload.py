"""The Data page's upload: the file picker, the validation report (file, row, column, problem, value), the choice
to explore the valid rows alone or add them to the bundled record (core/added_data.py), and go on or cancel. The
checks are core/user_data.py's; this only draws them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.shell.dataset import use_upload
from core.added_data import add_to_bundled, clashes
from components.shell.notices import forget_link_version
from core.pages import PAGES_BY_NAME
from core.fields import join_words
from core.tables import BY_FILE, REQUIRED_FILES
from core.text import md_escape
from core.upload import MAX_UPLOAD_MB
from core.user_data import REPORT_COLUMNS, Report, check_upload, open_report, summary

_REPORT = "_upload_report"  # (the uploaded file's id, its Report)
_GENERATION = "_uploader_generation"  # a new key empties the file picker after "go on" or "cancel"
_OPENED = "_upload_opened"  # the name of the upload just opened, for one confirmation
REPORT_ROW_HEIGHT = 3 * 24  # pixels: three lines of text per report row
MODE_KEY = "upload_mode"  # explore the upload alone, or add it to the bundled record
MODES = {"alone": "Explore it alone", "add": "Add it to the bundled record"}
_CLASHES = "_upload_clashes"  # (id of the Report, its id clashes with the bundled record)


def render_upload() -> None:
    st.session_state.setdefault(_GENERATION, 0)
    opened = st.session_state.pop(_OPENED, None)
    if opened:
        name, mode, left_out = opened
        if mode == "add":
            st.success(f"Now exploring the bundled record with your upload {md_escape(name)} added. Every page shows "
                       "both until you go back to the bundled data (in the sidebar); the Event origin filter tells "
                       "them apart.", icon=":material/check_circle:")
            _render_lines(left_out)
        else:
            st.success(f"Now exploring your upload {md_escape(name)}. Every page shows it until you go back to the "
                       "bundled data (in the sidebar).", icon=":material/check_circle:")
        left, right = st.columns(2)
        left.page_link(PAGES_BY_NAME["timeline"].file, label="See its events on the Timeline", icon=":material/timeline:")
        right.page_link(PAGES_BY_NAME["map"].file, label="See its places on the Map", icon=":material/map:")
    upload = st.file_uploader(
        f"Upload a file (up to {MAX_UPLOAD_MB} MB)", type=["csv", "xlsx", "parquet", "zip"],
        key=f"uploader-{st.session_state[_GENERATION]}",
        help="A table in this dataset's schema, named after its table (events.csv, actors.xlsx…); a zip of a whole "
             "data directory; or an ACLED export under any name.")
    if upload is None:
        return
    cached = st.session_state.get(_REPORT)
    if cached is None or cached[0] != upload.file_id:
        with st.spinner(f"Checking {upload.name}…"):
            report = check_upload(upload.name, upload.getvalue())
        st.session_state[_REPORT] = (upload.file_id, report)
    report = st.session_state[_REPORT][1]
    render_report(report)


def render_report(report: Report) -> None:
    st.subheader("Validation report")
    kind = {"acled": "an ACLED export", "native": "tables in this dataset's schema"}.get(report.kind)
    if kind:
        st.markdown(f"{md_escape(report.name)} holds {kind}.")
    if report.from_bundled:
        lacking = [BY_FILE[t].name for t in REQUIRED_FILES if t in report.from_bundled]
        taken = [BY_FILE[t].name for t in report.from_bundled]
        st.info(f"It has no {join_words(lacking, 'or')} table, which every dataset needs, so the bundled data's "
                f"{join_words(taken, 'and')} table{'s' if len(taken) != 1 else ''} complete it (checked with it).",
                icon=":material/merge:")
    count = len(report.problems)
    if count == 0:
        st.success(f"No problems found: {md_escape(summary(report))}.", icon=":material/check_circle:")
    else:
        kept = f" Valid: {md_escape(summary(report))}." if report.usable else ""
        st.warning(f"{count:,} problem{'s' if count != 1 else ''} found. Rows with a problem are left out if you go "
                   f"on.{kept}", icon=":material/report:")
        # Rows three lines high, so that a long message or value wraps in its cell instead of being cut.
        st.dataframe(report.frame, hide_index=True, width="stretch", row_height=REPORT_ROW_HEIGHT,
                     column_config={"row": st.column_config.NumberColumn("row", format="%d", width="small"),
                                    "problem": st.column_config.TextColumn("problem", width="large"),
                                    "value": st.column_config.TextColumn("value", width="medium")})
    if not report.usable:
        st.error("Nothing here can be opened: a dataset needs valid sources and actors and at least one valid row "
                 "of its own. Fix the problems above and upload the file again.", icon=":material/block:")
    if report.usable:
        mode = st.radio("What to do with the valid rows", list(MODES), format_func=MODES.get, key=MODE_KEY,
                        horizontal=True,
                        help="Alone: every page shows only your rows. Added: every page shows the bundled record and "
                             "your rows together, your rows marked by their origin (ACLED or your upload) and their "
                             "quotes as not verified; the bundled files are not changed.")
        if mode == "add":
            _render_lines(_clashes_of(report))
    go, cancel = st.columns(2)
    go.button("Go on with the valid rows", type="primary", disabled=not report.usable, on_click=_go_on,
              args=(report,), icon=":material/arrow_forward:", key="upload_go_on")
    cancel.button("Cancel", on_click=_cancel, icon=":material/close:", key="upload_cancel")


def _clashes_of(report: Report) -> list[dict]:
    """The upload's id clashes with the bundled record, worked out once per report."""
    cached = st.session_state.get(_CLASHES)
    if cached is None or cached[0] != id(report):
        cached = (id(report), clashes(report))
        st.session_state[_CLASHES] = cached
    return cached[1]


def _render_lines(lines: list[dict]) -> None:
    """What adding the upload to the bundled record leaves out (its id clashes), one report line each."""
    if not lines:
        return
    count = len(lines)
    st.warning(f"{count:,} of your row{'s' if count != 1 else ''} {'have ids' if count != 1 else 'has an id'} that "
               "the bundled record already has: the bundled rows are kept, and these are left out when you add the "
               "upload.", icon=":material/join:")
    st.dataframe(pd.DataFrame(lines, columns=list(REPORT_COLUMNS)), hide_index=True, width="stretch",
                 row_height=REPORT_ROW_HEIGHT,
                 column_config={"problem": st.column_config.TextColumn("problem", width="large")})


def _go_on(report: Report) -> None:
    if st.session_state.get(MODE_KEY) == "add":
        dataset, left_out = add_to_bundled(report)
        use_upload(dataset, report.name, summary(report))
        st.session_state[_OPENED] = (report.name, "add", left_out)
    else:
        use_upload(open_report(report), report.name, summary(report))
        st.session_state[_OPENED] = (report.name, "alone", [])
    forget_link_version()
    _cancel()


def _cancel() -> None:
    st.session_state.pop(_REPORT, None)
    st.session_state.pop(_CLASHES, None)
    st.session_state[_GENERATION] += 1
