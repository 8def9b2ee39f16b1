"""Pure figure builders (`build_*(data) -> go.Figure`): no Streamlit import, testable without a running app."""
