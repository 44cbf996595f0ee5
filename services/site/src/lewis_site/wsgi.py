"""WSGI entry point: `gunicorn lewis_site.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lewis_site.settings")

application = get_wsgi_application()

from lewis_site.api import API_ROOT  # noqa: E402  (needs the apps loaded)
from lewis_site.logs import RequestLogWSGI  # noqa: E402
from lewis_site.response_cache import FastPathWSGI  # noqa: E402
from lewis_site.startup import verify_swap_points  # noqa: E402

verify_swap_points()
# The request id and log line outermost, so cached reads answered in front of Django have them.
application = RequestLogWSGI(FastPathWSGI(application, API_ROOT))
