"""WSGI entry point: `gunicorn lewis_site.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lewis_site.settings")

application = get_wsgi_application()

from lewis_site.fastpath import CachedReads  # noqa: E402  (needs the apps loaded)
from lewis_site.startup import verify_swap_points  # noqa: E402

verify_swap_points()
application = CachedReads(application)
