"""allauth's rate limits answer 429 with `{"status": 429}` and no hint of when to retry. This
adds `Retry-After` and the API's error fields (`code`, `message`, `details`) beside allauth's,
so the app handles every 429 alike. And staff sign-in's lockout (django-axes, conf.STAFF_SIGN_IN)
leaves allauth's app endpoints to allauth's limits."""

import json

RETRY_AFTER_SECONDS = 60  # allauth's limits are per minute, but for a code sent (3 minutes)
ALLAUTH_ROOT = "/_allauth/"


class RateLimitAnswers:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 429 or not request.path.startswith(ALLAUTH_ROOT):
            return response
        try:
            body = json.loads(response.content or b"{}")
        except ValueError:
            body = {}
        message = "Too many attempts: wait a minute, then try again."
        body.update({"code": "too_many_requests", "message": message, "details": None})
        response.content = json.dumps(body).encode()
        response["Content-Type"] = "application/json"
        response["Content-Length"] = str(len(response.content))
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def not_staff_sign_in(request, credentials) -> bool:
    """AXES_WHITELIST_CALLABLE: a reader's sign-in through allauth's app endpoints is not
    counted by the staff lockout (allauth limits those itself)."""
    return request is not None and request.path.startswith(ALLAUTH_ROOT)
