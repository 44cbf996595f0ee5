"""The deployable Lewis backend: composes the lewis packages into one Django + Wagtail site."""

from lewis_site.celery import app as celery_app

__all__ = ["celery_app"]
