"""Touch: one tap on a marker selects it, and the evidence comes into view. Bring the evidence into view when
the selection changes: on a phone it sits below the chart's legend, off
screen, and a tap on a marker seemed to do nothing. A fixed script (no data in it) scrolls the evidence box into
view only when its top is below the lower third of the window, so a desktop reader who can already see it is
not moved."""

from __future__ import annotations

import streamlit as st

EVIDENCE_KEY = "timeline_evidence"  # the evidence box's container key; Streamlit gives it the class st-key-<key>
_LAST = "_timeline_scrolled_for"
_COUNT = "_timeline_scroll_count"

_SCRIPT = """<script>
(function () {{  /* run {count} */
  function go(tries) {{
    var box = document.querySelector('.st-key-{key}');
    if (!box) {{ if (tries > 0) requestAnimationFrame(function () {{ go(tries - 1); }}); return; }}
    var top = box.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.66 || top < 0) box.scrollIntoView({{behavior: 'smooth', block: 'start'}});
  }}
  requestAnimationFrame(function () {{ go(30); }});
}})();
</script>"""


def scroll_to_evidence_if_new(selected: str | None) -> None:
    """Emit the scroll script on the run where a new event became selected (not on other reruns)."""
    if not selected or st.session_state.get(_LAST) == selected:
        st.session_state[_LAST] = selected
        return
    st.session_state[_LAST] = selected
    st.session_state[_COUNT] = st.session_state.get(_COUNT, 0) + 1
    st.html(_SCRIPT.format(count=st.session_state[_COUNT], key=EVIDENCE_KEY), unsafe_allow_javascript=True)


# Plotly selects a clicked point only if it hovered it first: with a mouse the pointer always hovers before it
# clicks, but a finger does not, so the first tap on a marker only showed a tooltip and the second selected it.
# This fixed script (no data in it) hovers the point under a finger as the touch starts, so one tap selects.
_TAP_SCRIPT = """<script>
(function () {
  if (window.__scmTapHover) return;
  window.__scmTapHover = true;
  document.addEventListener('touchstart', function (event) {
    var touch = event.touches && event.touches[0];
    if (!touch) return;
    var target = document.elementFromPoint(touch.clientX, touch.clientY);
    if (!target || !target.closest('.js-plotly-plot')) return;
    target.dispatchEvent(new MouseEvent('mousemove', {clientX: touch.clientX, clientY: touch.clientY,
                                                      bubbles: true, cancelable: true, view: window}));
  }, {capture: true, passive: true});
})();
</script>"""


def install_tap_select() -> None:
    """Let one tap on a marker select it on a touch screen (see _TAP_SCRIPT); harmless with a mouse."""
    st.html(_TAP_SCRIPT, unsafe_allow_javascript=True)
