import pytest
from django.conf import settings

services_only = pytest.mark.skipif(
    settings.CELERY_TASK_ALWAYS_EAGER, reason="needs REDIS_URL: runs in the postgres session"
)
embedded_only = pytest.mark.skipif(
    not settings.CELERY_TASK_ALWAYS_EAGER, reason="embedded mode only: runs in the sqlite session"
)


@pytest.fixture
def passage(db):
    """One published passage in a published work."""
    from lewis_content.models import Passage, Register, Work

    work = Work.objects.create(title="The Four Loves", slug="the-four-loves", year=1960)
    register = Register.objects.create(slug="reflective", label="Reflective")
    return Passage.objects.create(
        title="Affection",
        work=work,
        register=register,
        position=1,
        body=[("paragraph", "<p>Affection is humble.</p>")],
    )


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from lewis_content.generation import forget_generation

    cache.clear()
    forget_generation()
