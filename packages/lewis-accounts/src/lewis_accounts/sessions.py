"""Reader sessions: kept in the database, read through the shared cache (docs/adr/0014).

Every Bearer request checks that its token's session still exists (stateful validation), so the
session is read on every signed-in request. Django's `cached_db` engine answers that read from
Redis instead of PostgreSQL; this engine adds what tokens need on top:

- a cache outage never fails a request: reads and writes fall back to the database;
- a cached copy lives at most as long as an access token, so a session ended while the cache
  could not be reached (its cached copy then not deleted) is refused within that time.

The site uses it when the cache is shared between processes (Redis); the embedded default keeps
the plain database engine, since a per-process cache would not see another process's logout.
"""

import logging

from django.contrib.sessions.backends import cached_db

from lewis_accounts.conf import ACCESS_TOKEN_SECONDS

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def _remember(self, data: dict, expiry_age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, min(expiry_age, ACCESS_TOKEN_SECONDS))
        except Exception:
            logger.warning("Cache unavailable: session not cached", exc_info=True)

    def load(self) -> dict:
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("Cache unavailable: session read from the database", exc_info=True)
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        self._remember(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def save(self, must_create: bool = False) -> None:
        super(cached_db.SessionStore, self).save(must_create)  # the database's save
        self._remember(self._session, self.get_expiry_age())

    def delete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        super(cached_db.SessionStore, self).delete(session_key)
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            logger.warning(
                "Cache unavailable: an ended session stays cached for up to %s s",
                ACCESS_TOKEN_SECONDS,
                exc_info=True,
            )
