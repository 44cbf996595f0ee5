# syntax=docker/dockerfile:1
#
# The Lewis backend: one image, a role per command (deploy/entrypoint.sh): web (the default),
# worker, beat, migrate, or any command (`lewis shell`).
#
#   docker build -t lewis --build-arg VERSION=0.1.0 --build-arg REVISION="$(git rev-parse HEAD)" .
#   docker compose up                                  # the local stack: compose.yaml
#
# No container engine runs on the development machines: `python scripts/rehearse_image.py`
# replays the builder stage's COPY, ENV, WORKDIR and RUN lines on the host and boots the result,
# so keep those lines plain (one command per RUN, paths under /app, /var/lib/lewis or /tmp).
#
# Pins: the uv image's tag is the uv the project locks with (scripts/uv.sh); bump them together.
# The Python base is pinned by tag; pin a digest too where the registry is reachable
# (python:3.11-slim-bookworm@sha256:...) and let Dependabot/Renovate move it.

FROM ghcr.io/astral-sh/uv:0.13.9 AS uv

FROM python:3.11-slim-bookworm AS builder
COPY --from=uv /uv /uvx /bin/
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app

# 1. Third-party dependencies of the deployable (lewis-site): rebuilt only when the lock or a
#    manifest changes. Every workspace member's manifest must be here (the rehearsal checks).
COPY pyproject.toml uv.lock ./
COPY packages/lewis-accounts/pyproject.toml packages/lewis-accounts/
COPY packages/lewis-audio/pyproject.toml packages/lewis-audio/
COPY packages/lewis-content/pyproject.toml packages/lewis-content/
COPY packages/lewis-ranking/pyproject.toml packages/lewis-ranking/
COPY packages/lewis-spend/pyproject.toml packages/lewis-spend/
COPY packages/lewis-tagging/pyproject.toml packages/lewis-tagging/
COPY services/site/pyproject.toml services/site/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-default-groups --no-install-workspace --package lewis-site

# 2. The workspace packages lewis-site needs, as wheels (non-editable): the runtime stage takes
#    the venv alone, no source tree.
COPY packages/ packages/
COPY services/ services/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-default-groups --no-editable --package lewis-site

# 3. Static files, collected into the image (WhiteNoise serves them): not under VAR_DIR, which is
#    a writable volume at run time. Settings import in embedded mode here (no DATABASE_URL), with
#    a throwaway key and VAR_DIR.
ENV STATIC_ROOT=/app/static
RUN SECRET_KEY=collectstatic-only VAR_DIR=/tmp/collectstatic \
    /app/.venv/bin/lewis collectstatic --no-input --verbosity 1 && rm -rf /tmp/collectstatic


FROM python:3.11-slim-bookworm AS runtime

ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="lewis" \
      org.opencontainers.image.description="The Lewis reading app backend: API, CMS, worker and beat" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/python:3.11-slim-bookworm"

# A fixed uid/gid, so volumes and the orchestrator's runAsUser agree across rebuilds.
RUN groupadd --system --gid 10001 lewis \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/lewis --no-create-home \
        --shell /usr/sbin/nologin lewis \
    && install -d -o 10001 -g 10001 -m 0750 /var/lib/lewis \
    && install -d -o 10001 -g 10001 -m 0700 /tmp/lewis-metrics

# Owned by root and read-only for the app's user: code, static files and the entry point.
COPY --from=builder /app/.venv /app/.venv
COPY --from=builder /app/static /app/static
COPY --chmod=0755 deploy/ /app/deploy/

ENV PATH=/app/.venv/bin:$PATH \
    VAR_DIR=/var/lib/lewis \
    STATIC_ROOT=/app/static \
    PROMETHEUS_MULTIPROC_DIR=/tmp/lewis-metrics \
    LOG_FORMAT=json \
    PORT=8000 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# The web role's check; the worker and beat containers set their own
# (`python -m lewis_site.liveness worker|beat`: compose.yaml, the ECS task definitions).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "lewis_site.liveness", "web"]

ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
