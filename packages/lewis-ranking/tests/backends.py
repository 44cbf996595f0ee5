"""The backends every behaviour is checked against; postgres only where the database is one."""

import pytest
from django.db import connection

ON_POSTGRES = connection.vendor == "postgresql"
POSTGRES = "lewis_ranking.backends.postgres.PostgresRanker"
BACKENDS = [
    "lewis_ranking.backends.scan.ScanRanker",
    "lewis_ranking.backends.memory.MemoryRanker",
    pytest.param(
        POSTGRES,
        marks=pytest.mark.skipif(
            not ON_POSTGRES,
            reason="the postgres backend needs PostgreSQL (intarray, GIN); this run's is SQLite",
        ),
    ),
]
