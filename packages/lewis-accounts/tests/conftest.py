"""Fixtures: fresh rate limits for every test, and published content for the reader's saves to
point at, made the way content's actions make it readable (content's models, then
`services.passages_changed`)."""

import itertools

import pytest
from django.core.cache import cache

from lewis_content import services as content
from lewis_content.models import HomePage, Passage, Register, ThemePage, Work
from lewis_tagging.models import Axis, Tag


@pytest.fixture(scope="session", autouse=True)
def _celery_app():
    """A Celery app reading the CELERY_* settings (tasks run eagerly here), as the site's does."""
    from celery import Celery

    app = Celery("lewis-accounts-tests")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.set_default()
    app.set_current()
    return app


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


positions = itertools.count(1)


@pytest.fixture
def published(db, django_capture_on_commit_callbacks):
    """Three published passages and a published theme hub, and a way to unpublish."""
    register = Register.objects.create(slug="reflective", label="Reflective")
    work = Work.objects.create(title="A Grief Observed", slug="a-grief-observed", year=1961)
    passages = [
        Passage.objects.create(
            title=f"On grief {n}",
            work=work,
            position=next(positions),
            register=register,
            body=[("paragraph", "<p>No one ever told me that grief felt so like fear.</p>")],
        )
        for n in range(3)
    ]
    draft = Passage.objects.create(
        title="Draft", work=work, position=next(positions), register=register, live=False
    )
    content.passages_changed([p.pk for p in [*passages, draft]])
    tag = Tag.objects.create(axis=Axis.objects.get(slug="theme"), slug="grief", label="Grief")
    theme = ThemePage(title="Grief", slug="grief", tag=tag)
    HomePage.objects.get().add_child(instance=theme)
    theme.save_revision().publish()

    def set_live(passage: Passage, live: bool) -> None:
        # As an editor's change: committed, so readers' view (and its generation) moves on.
        with django_capture_on_commit_callbacks(execute=True):
            Passage.objects.filter(pk=passage.pk).update(live=live)
            content.passages_changed([passage.pk])

    def unpublish(passage: Passage) -> None:
        set_live(passage, False)

    def republish(passage: Passage) -> None:
        set_live(passage, True)

    return {
        "passages": passages,
        "draft": draft,
        "theme": theme,
        "unpublish": unpublish,
        "republish": republish,
    }
