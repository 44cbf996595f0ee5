import itertools

import pytest
from django.contrib.auth import get_user_model

from lewis_content.models import Passage, Register, Work
from lewis_tagging.models import Axis, Tag

positions = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty response cache and no remembered generation."""
    from django.core.cache import cache

    from lewis_content.generation import forget_generation

    cache.clear()
    forget_generation()


@pytest.fixture
def register(db):
    return Register.objects.create(slug="reflective", label="Reflective")


@pytest.fixture
def work(db):
    return Work.objects.create(title="A Grief Observed", slug="a-grief-observed", year=1961)


@pytest.fixture
def make_passage(work, register):
    def make(**fields) -> Passage:
        defaults = {
            "title": "On grief",
            "work": work,
            "position": next(positions),
            "register": register,
            "body": [("paragraph", "<p>No one ever told me that grief felt so like fear.</p>")],
        }
        return Passage.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def tag(db):
    def make(axis: str, label: str) -> Tag:
        return Tag.objects.create(
            axis=Axis.objects.get(slug=axis), slug=label.lower().replace(" ", "-"), label=label
        )

    return make


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session", autouse=True)
def _celery_app():
    """A Celery app reading the CELERY_* settings (tasks run eagerly here), as the site's does."""
    from celery import Celery

    app = Celery("lewis-content-tests")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.set_default()
    app.set_current()
    return app
