#!/bin/sh
# Start South Caucasus Monitor for hosting: the Docker image's entrypoint, and usable as is on any machine with the
# requirements installed (tests/e2e/test_deploy.py runs it from a read-only copy of the repository).
#
# The app only reads its own folder. Everything that may be written (Python's and Streamlit's caches, a HOME for
# libraries that want one) goes under SCM_TMP, by default a folder in /tmp, so the code can be mounted read-only.
#
# Settings (environment):
#   PORT      port to listen on (8501)
#   ADDRESS   address to bind (0.0.0.0; a proxy in front must be the only way in)
#   PYTHON    the interpreter that has the requirements (python)
#   SCM_TMP   the one writable folder (/tmp/scm)
#   SCM_DATA_DIR, SCM_ENGINE  passed on to the app as usual
# Extra arguments go to `streamlit run` (e.g. --server.baseUrlPath monitor).
set -eu

APP_DIR=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
PORT=${PORT:-8501}
ADDRESS=${ADDRESS:-0.0.0.0}
PYTHON=${PYTHON:-python}
SCM_TMP=${SCM_TMP:-/tmp/scm}

mkdir -p "$SCM_TMP/home" "$SCM_TMP/cache"
# A HOME that cannot be written (a read-only image, a user with no home) moves to the writable folder.
if [ -z "${HOME:-}" ] || [ ! -w "${HOME:-/nonexistent}" ]; then
  export HOME="$SCM_TMP/home"
fi
export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$SCM_TMP/cache}"
export TMPDIR="${TMPDIR:-$SCM_TMP}"
export MPLCONFIGDIR="${MPLCONFIGDIR:-$SCM_TMP/cache}"
# Never write .pyc files next to the code (the image compiles them at build time).
export PYTHONDONTWRITEBYTECODE=1
export PYTHONUNBUFFERED=1

cd "$APP_DIR"
exec "$PYTHON" -m streamlit run app.py \
  --server.port "$PORT" \
  --server.address "$ADDRESS" \
  --server.headless true \
  --browser.gatherUsageStats false \
  "$@"
