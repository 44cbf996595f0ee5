#!/bin/sh
# The image's entry point: one image, a role per command (docs/operations.md, "Processes").
#   web      gunicorn on $PORT (default 8000) with deploy/gunicorn.conf.py
#   worker   a Celery worker, $CELERY_CONCURRENCY processes (default 2)
#   beat     the Celery beat scheduler: run exactly one per deployment
#   migrate  the release step: `lewis migrate --no-input`
#   anything else runs as given, e.g. `lewis shell`, `lewis createsuperuser`, `sh`
set -eu

here="$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)"

# Prometheus multiprocess mode: every process that records metrics writes them under this
# directory, so it must exist (gunicorn's on_starting hook also empties it for the web role).
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi

# Celery with the site's app. With JSON logs (the image's default) its start-up banners stay
# off, so every line of output parses.
run_celery() {
    if [ "${LOG_FORMAT:-json}" = "json" ]; then
        exec celery --quiet -A lewis_site "$@"
    fi
    exec celery -A lewis_site "$@"
}

if [ "$#" -eq 0 ]; then
    set -- web
fi
role="$1"
shift

case "$role" in
    web)
        exec gunicorn lewis_site.wsgi:application -c "$here/gunicorn.conf.py" "$@"
        ;;
    worker)
        run_celery worker --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" "$@"
        ;;
    beat)
        run_celery beat --loglevel=INFO "$@"
        ;;
    migrate)
        exec lewis migrate --no-input "$@"
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
