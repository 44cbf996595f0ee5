"""ASGI entry point: `uvicorn lewis_site.asgi:application`."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lewis_site.settings")

application = get_asgi_application()

from lewis_site.api import API_ROOT  # noqa: E402  (needs the apps loaded)
from lewis_site.logs import RequestLogASGI  # noqa: E402
from lewis_site.response_cache import FastPathASGI  # noqa: E402
from lewis_site.startup import verify_swap_points  # noqa: E402

verify_swap_points()
# The request id and log line outermost, so cached reads answered in front of Django have them.
application = RequestLogASGI(FastPathASGI(application, API_ROOT))
