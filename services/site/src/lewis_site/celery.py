"""The Celery app: worker `celery -A lewis_site worker`, beat `celery -A lewis_site beat`."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lewis_site.settings")

app = Celery("lewis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_to_start_misconfigured(**kwargs) -> None:
    from lewis_site.startup import verify_swap_points

    verify_swap_points()
