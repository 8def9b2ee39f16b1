"""Actors & stances: who wants what on the region's key questions, how sure we are, and how it changed.

- a heatmap of actors × topics, each cell the actor's latest stance within the filter on the −2..+2 codebook,
  with its number of statements, its confidence and a flag where statements disagree; a blank cell is no
  evidence, not neutral; clicking a cell lists every statement behind it with its quote, date and source;
- one topic's stances over time, a step line per actor;
- an actor card (the actor is kept in the link): kind, parent and sub-actors, events per year, stances,
  relations and its three most recent events with their evidence;
- two actors compared topic by topic, the widest gap first;
- the relations network (alliances, partnerships, mediation, disputes) as of the end of the filter's years;
- contested claims: events that sources read differently, every reading side by side with its quote, date,
  source and a link to its passage on the Sources page."""

import streamlit as st

from components.actors_stances.actor_card import pick_actor, render_actor_card
from components.actors_stances.claims import render_claims
from components.actors_stances.compare import render_compare
from components.actors_stances.data import stance_grid
from components.actors_stances.heatmap import render_cell_statements, render_heatmap
from components.actors_stances.history import render_history
from components.actors_stances.network import render_network
from components.shell.empty_state import render_empty_state
from components.shell.view import current


def render(view) -> None:
    st.title("Actors & stances")
    grid = stance_grid(view.store, view.spec)
    actors, topics = grid.actors, grid.topics
    if not grid.cells and view.store.count("relations", view.spec) == 0:
        render_empty_state("stances or relations", view)
        _claims(view)
        return

    st.subheader("Who stands where")
    if grid.cells:
        statements = grid.statements
        st.caption(f"{statements:,} stance statement{'s' if statements != 1 else ''} by {len(actors)} "
                   f"actor{'s' if len(actors) != 1 else ''} on {len(topics)} topic{'s' if len(topics) != 1 else ''}.")
        clicked = render_heatmap(view)
        with st.container(border=True):
            render_cell_statements(view, clicked)

        st.subheader("Stance over time")
        render_history(view, topics)
    else:
        render_empty_state("stances", view)

    st.subheader("Actor card")
    chosen = pick_actor(view)
    if chosen:
        render_actor_card(view, chosen)
    else:
        st.caption("Choose an actor to see its card; the link then opens on it.")

    if len(actors) >= 2:
        st.subheader("Compare two actors")
        render_compare(view, actors)

    st.subheader("Relations network")
    render_network(view)

    _claims(view)


def _claims(view) -> None:
    st.subheader("Contested claims")
    render_claims(view)


render(current())
