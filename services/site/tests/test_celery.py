"""Celery: tasks are discovered, scheduled by beat, and run inline or on a real worker."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from lewis_content.tasks import publish_scheduled
from lewis_site.celery import app

from .conftest import embedded_only, services_only


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled
    assert scheduled <= set(app.tasks)


def test_beat_publishes_every_minute_and_warms_today_just_after_local_midnight():
    schedule = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["lewis_content.tasks.publish_scheduled"] == timedelta(minutes=1)
    warm = schedule["lewis_content.tasks.warm_today"]
    assert (warm.hour, warm.minute) == ({0}, {1})
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE  # midnight where the readers are


def page_due_for_publishing() -> Page:
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="Due", slug=f"due-{time.monotonic_ns()}", live=False))
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    return page


@embedded_only
@pytest.mark.django_db
def test_embedded_mode_runs_tasks_inline():
    page = page_due_for_publishing()
    publish_scheduled.delay()
    page.refresh_from_db()
    assert page.live


@services_only
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_tasks_from_redis():
    page = page_due_for_publishing()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        publish_scheduled.delay()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            page.refresh_from_db()
            if page.live:
                break
            time.sleep(0.1)
    assert page.live
