import pytest
from django.conf import settings

services_only = pytest.mark.skipif(
    settings.CELERY_TASK_ALWAYS_EAGER, reason="needs REDIS_URL: runs in the postgres session"
)
embedded_only = pytest.mark.skipif(
    not settings.CELERY_TASK_ALWAYS_EAGER, reason="embedded mode only: runs in the sqlite session"
)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
