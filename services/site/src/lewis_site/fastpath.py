"""Cached guest reads served in front of Django: a hit costs two cache reads and no framework.

The reader API caches each response under its path, query and the content generation
(lewis_content.cache). This WSGI wrapper answers GETs under /api/v1/ from that cache when it
can, with the same body, ETag and headers Django would send; everything else, and every miss,
goes to Django as usual.
"""

from urllib.parse import parse_qsl

from django.conf import settings

from lewis_content import services as content

API_PREFIX = "/api/v1/"


class CachedReads:
    def __init__(self, app):
        self.app = app
        self.headers = [
            ("Cache-Control", content.CACHE_CONTROL),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin"),
            ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
            ("X-Frame-Options", settings.X_FRAME_OPTIONS),
        ]
        self.hsts = None
        if settings.SECURE_HSTS_SECONDS:
            value = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                value += "; includeSubDomains"
            self.hsts = ("Strict-Transport-Security", value)

    def is_secure(self, environ) -> bool:
        header = settings.SECURE_PROXY_SSL_HEADER
        if header and environ.get(header[0]) == header[1]:
            return True
        return environ.get("wsgi.url_scheme") == "https"

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "GET" or not path.startswith(API_PREFIX):
            return self.app(environ, start_response)
        secure = self.is_secure(environ)
        if settings.SECURE_SSL_REDIRECT and not secure:
            return self.app(environ, start_response)  # Django redirects to https
        query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        entry = content.lookup(path, query)
        if entry is None:
            return self.app(environ, start_response)
        body, etag = entry
        headers = [*self.headers, ("ETag", etag)]
        if secure and self.hsts:
            headers.append(self.hsts)
        if content.not_modified(environ.get("HTTP_IF_NONE_MATCH", ""), etag):
            start_response("304 Not Modified", headers)
            return []
        headers += [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [body]
