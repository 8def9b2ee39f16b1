# South Caucasus Monitor, self-hosted. Build: docker build -t scm .   Run: docker run -p 8501:8501 scm
# Two replicas behind a proxy with sticky sessions: compose.yaml. Not built on the project's machines (no images can
# be pulled there); what can be checked without Docker is tested in tests/e2e/test_deploy.py.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8501 \
    SCM_TMP=/tmp/scm

# An unprivileged user with no login and a home only under /tmp; it owns nothing in /app.
RUN useradd --system --uid 10001 --home-dir /tmp/scm/home --shell /usr/sbin/nologin scm

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

# The code and the bundled data, read-only for the app's user (root owns them). .dockerignore keeps out the
# venv, git history, tests' artifacts and benchmark results.
COPY . .
RUN python -m compileall -q app.py app_pages components core \
    && chmod -R a-w /app \
    && chmod a+rx deploy/entrypoint.sh

USER scm
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "/app/deploy/healthcheck.py"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
