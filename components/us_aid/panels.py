"""The US aid page's pieces around the chart: the metrics, the rows that are not bars (amount not reported,
totals beside their parts, multi-year context), a clicked bar's evidence, the table with its CSV download, and
the programme glossary. Everything comes from the query layer; text from data is escaped."""

from __future__ import annotations

import streamlit as st

from components.shell.caches import shared_cache
from components.figures.aid import money, money_short
from components.shared.evidence import render_evidence, source_line
from components.shell.view import View
from components.us_aid.chart import Lookups, aid_table, evidence_lookups
from core.query.aid import COUNTED_KINDS, PROGRAMMES, AidMetrics, AidView
from core.text import is_blank, md_escape

KIND_ORDER = COUNTED_KINDS


def _kinds_added(metrics: AidMetrics) -> str:
    return ", ".join(f"{kind} {money_short(metrics.by_kind[kind])}" for kind in KIND_ORDER if kind in metrics.by_kind)


def _compared(metrics: AidMetrics) -> str:
    """What the ratio compares, in words: 'notified security assistance under Section 333 (…), FY2018'."""
    kind, category, programme = metrics.ratio_scope
    years = ", ".join(f"FY{y}" for y in metrics.ratio_years)
    return (f"{kind} {category.replace('_', ' ')} amounts under {PROGRAMMES.get(programme, programme)}, {years}: "
            f"{money_short(metrics.ratio_sides[0])} against {money_short(metrics.ratio_sides[1])}, "
            f"lowest confidence {metrics.ratio_confidence}")


def render_metrics(metrics: AidMetrics) -> None:
    """The headline figures, each only where it compares like with like (core/query/aid.py AidMetrics); the help and
    the caption say exactly what each adds or compares."""
    left, middle, right = st.columns(3)
    requests = f" Requests ({money_short(metrics.requested)}) are drawn but never added." if metrics.requested else \
        " Requests are never added."
    if not metrics.by_kind:
        left.metric("Total in the filter", "—", help="No drawn amount of a kind that is added up")
        st.caption("No appropriated, notified, total or planned amount is drawn for this filter, so nothing is added up."
                   + (f" Requests drawn: {money_short(metrics.requested)}, never added." if metrics.requested else ""))
        return
    added = _kinds_added(metrics)
    if metrics.total is None:
        left.metric("Total in the filter", "not added up",
                    help=f"Different kinds of amount are never added together: {added}.")
        middle.metric("Largest fiscal year", "not shown", help="The fiscal years' amounts are of different kinds.")
        summary = f"Amounts of different kinds are shown apart, never added together: {added}."
    else:
        left.metric("Total in the filter", money_short(metrics.total),
                    help=f"Adds the drawn bars, all {metrics.one_kind} amounts. A total whose parts are drawn counts "
                         "once, through its parts.")
        middle.metric("Largest fiscal year", f"FY{metrics.largest_year}",
                      help=f"{money_short(metrics.largest_amount)} of {metrics.one_kind} amounts")
        summary = (f"The total and the largest year add {metrics.one_kind} amounts only: {added} (largest year: "
                   f"{money_short(metrics.largest_amount)}).")
    if metrics.ratio is None:
        right.metric("Azerbaijan : Armenia", "not shown",
                     help="No fiscal year has amounts of the same kind, category and named programme for both")
        ratio = ("The Azerbaijan : Armenia ratio is not shown: no fiscal year in this filter has amounts of the same "
                 "kind, category and named programme for both, and unlike amounts are not compared.")
    else:
        right.metric("Azerbaijan : Armenia", f"{metrics.ratio:.1f} : 1", help=f"Compares {_compared(metrics)}.")
        ratio = f"The ratio compares {_compared(metrics)}."
    st.caption(f"{summary}{requests} Amounts not reported count as nothing, never as 0. {ratio}")


def render_flags(view: AidView) -> None:
    for total in view.totals:
        if total["differs"]:
            st.caption(
                f"⚠ {md_escape(total['recipient_name'])}, FY{total['fiscal_year']}: the reported total "
                f"({money(total['amount_usd'])}) and its parts ({money(total['parts_usd'])}) differ. The bars show "
                "the parts and the grey triangle the total, each as its source gives it; neither is corrected or added "
                "to the other."
            )


def render_unknown(view: AidView, store) -> None:
    if not view.unknown:
        return
    st.markdown("##### Amount not reported")
    st.caption("These rows have no bar: their amount is unknown, which is not the same as 0.")
    looked_up = evidence_lookups(store, view.unknown)
    for row in view.unknown:
        span = _years(row)
        render_evidence_row(store, row, looked_up, lead=(
            f"**{md_escape(row['recipient_name'])}, {span}** · {md_escape(row['program'] or PROGRAMMES[row['programme']])}"
            f" · {md_escape(row['amount_kind'])}: amount not reported",))


def _years(row: dict) -> str:
    end = row.get("fiscal_year_end")
    return f"FY{row['fiscal_year']}–FY{end}" if end is not None and end != row["fiscal_year"] else f"FY{row['fiscal_year']}"


def render_evidence_row(store, row: dict, looked_up: Lookups | None = None, lead: tuple[str, ...] = ()) -> None:
    """One aid row's evidence card; `looked_up`: its sources and passage, asked with the other cards' (else here)."""
    looked_up = looked_up or evidence_lookups(store, [row])
    correction = row.get("correction_source_id")
    render_evidence(store, row["evidence"], row["source_id"], row["confidence"], row["notes"],
                    looked_up.lines[row["source_id"]], source=looked_up.sources.get(row["source_id"]),
                    cite=("aid row", row["aid_id"]), lead=lead,
                    passage=looked_up.passages[(row["source_id"], row["evidence"])])
    if not is_blank(correction):
        st.markdown(f"Corrected value from: {looked_up.lines[correction]}")


def render_context(view: AidView, store) -> None:
    if not view.context:
        return
    st.markdown("##### Long-run context")
    st.caption(
        "These figures span many fiscal years, and the larger one counts all US assistance, not only security aid. "
        "Their scope is different: they are not comparable with the single-year bars above and are not added to any "
        "figure on this page."
    )
    looked_up = evidence_lookups(store, view.context)
    for row in view.context:
        amount = money_short(row["amount_usd"]) if row["amount_usd"] is not None else "amount not reported"
        render_evidence_row(store, row, looked_up, lead=(f"**{md_escape(row['recipient_name'])}, {_years(row)}: about {amount}** · "
                                              f"{md_escape(row['program'] or PROGRAMMES[row['programme']])}",))


def render_selected_bar(view: AidView, aid_id: str | None, store) -> None:
    """The clicked bar's (or the link's `aid=`) row with its evidence; a row this filter does not draw says so."""
    row = view.row(aid_id)
    if row is None:
        st.caption(f"The aid row in the link ({md_escape(aid_id)}) is not drawn under this filter: widen the years or "
                   "the actors to see it, or find it in the table below.")
        return
    st.markdown(f"##### Selected: {md_escape(row['recipient_name'])}, FY{row['fiscal_year']}, {money(row['amount_usd'])}")
    st.markdown(f"{md_escape(row['program'] or PROGRAMMES[row['programme']])} · {md_escape(row['amount_kind'])}")
    render_evidence_row(store, row)


AID_YEAR_PX, AID_AMOUNT_PX, AID_KIND_PX = 120, 140, 90  # "FY2002–FY2020", "$808,000,000" and "requested" whole


def render_table(view: View, count: int) -> None:
    st.dataframe(
        aid_table(view.store, view.spec), hide_index=True, width="stretch",
        # The amount and its kind right after who and when, with widths that fit them: after the programme
        # columns the amount started past the right edge at 1400 px, and "FY2002–FY2020" was cut.
        column_order=["Recipient", "Fiscal year", "amount_usd", "amount_kind", "Programme", "program", "authority",
                      "On the chart", "confidence", "evidence", "source_title", "notes"],
        column_config={
            "Recipient": st.column_config.TextColumn("Recipient", width="small"),
            "Fiscal year": st.column_config.TextColumn("Fiscal year", width=AID_YEAR_PX),
            "program": st.column_config.TextColumn("Programme as the source names it"),
            "authority": "Authority",
            "amount_usd": st.column_config.NumberColumn("Amount (US$)", format="$%,.0f", width=AID_AMOUNT_PX,
                                                        help="Exact, as the source gives it; blank when not reported"),
            "amount_kind": st.column_config.TextColumn("Kind", width=AID_KIND_PX),
            "confidence": st.column_config.TextColumn("Confidence", width="small"),
            "evidence": st.column_config.TextColumn("Evidence (verbatim)", width="large"),
            "source_title": st.column_config.TextColumn("Source", width="medium"),
            "notes": st.column_config.TextColumn("Notes", width="large"),
        },
    )
    store, spec = view.store, view.spec
    st.download_button(
        f"Download {'these ' + format(count, ',') + ' aid rows' if count != 1 else 'this aid row'} (CSV)",
        data=lambda: store.aid_rows(spec, True).to_csv(index=False).encode("utf-8"),
        file_name=f"south-caucasus-us-aid-{view.version}.csv", mime="text/csv", icon=":material/download:",
        on_click="ignore",
        help="Exactly the filtered aid rows, with their role on the chart, evidence and sources. Cells that a "
             "spreadsheet would run as a formula start with a quote.",
    )


# (term, what the sources say, the sources that say it). Only what the cited sources state.
GLOSSARY = (
    ("Section 333", "The Department of Defense's “Building Partner Capacity” programmes under 10 U.S.C. 333. "
     "Azerbaijan's FY2018 and FY2019 security aid came under it; the DoD notified Congress of the FY2018 parts on "
     "27 Apr 2018.", ("hyetert_2019_07_17_usc", "usc_security_aid_azerbaijan")),
    ("FMF", "Foreign Military Financing. The corpus spells it “FME”; the appropriations text of H.R.4373 (FY2022) "
     "names it FMF, and this page always shows FMF.", ("hr4373_fy2022_sfops", "pallone_amendment_2021")),
    ("IMET", "International Military Education and Training. With FMF, the programme the House-passed Pallone "
     "amendment (28 Jul 2021) would have closed to Azerbaijan; there is no evidence that it became law.",
     ("pallone_amendment_2021", "ancnews_19761")),
    ("Section 907 waiver", "Section 907 of the FREEDOM Support Act (1992) restricts US aid to Azerbaijan. Since "
     "Public Law 107-115 (10 Jan 2002) the President may waive it; the first waiver came on 25 Jan 2002, and one "
     "came after a two-year delay.", ("wikipedia_section_907", "pl_107_115_statute", "ccbsnews_607")),
)


@shared_cache(max_entries=4)
def _glossary(version: str, _store) -> list[str]:
    return [f"**{term}**: {text}  \nSources: " + " · ".join(source_line(_store, s) for s in sources)
            for term, text, sources in GLOSSARY]


def render_glossary(view: View) -> None:
    for line in _glossary(view.version, view.store):
        st.markdown(line)
