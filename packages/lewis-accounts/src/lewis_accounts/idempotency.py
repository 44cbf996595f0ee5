"""`Idempotency-Key` on the reader's writes: a write retried with the same key (a flaky mobile
network, a timeout the app could not tell from a failure) writes once and answers what the first
one answered. The same key with another request is a 422; a key is remembered for
IDEMPOTENCY_HOURS. Shaped after the IETF draft "The Idempotency-Key HTTP Header Field"."""

import functools
import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from lewis_accounts.auth import bearer
from lewis_accounts.models import IdempotencyRecord

IDEMPOTENCY_HOURS = 24
HEADER = "Idempotency-Key"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def refused(status: int, message: str) -> JsonResponse:
    codes = {409: "conflict", 422: "invalid_request"}
    return JsonResponse({"code": codes[status], "message": message, "details": None}, status=status)


def fingerprint(request) -> str:
    return hashlib.sha256(
        b"\n".join([request.method.encode(), request.path.encode(), request.body])
    ).hexdigest()


def replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.body), status=record.status, content_type=record.content_type or None
    )
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(run):
    """A ninja view decorator for a router of the reader's writes."""

    @functools.wraps(run)
    def answer(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or request.method in SAFE_METHODS:
            return run(request, *args, **kwargs)
        if not (0 < len(key) <= 255 and key.isascii() and key.isprintable()):
            return refused(422, f"{HEADER} is 1 to 255 printable ASCII characters.")
        if bearer(request) is None:
            return run(request, *args, **kwargs)  # answers 401 as any unsigned request
        reader, print_ = request.user, fingerprint(request)
        since = timezone.now() - timedelta(hours=IDEMPOTENCY_HOURS)
        IdempotencyRecord.objects.filter(reader=reader, key=key, created_at__lt=since).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    reader=reader, key=key, fingerprint=print_
                )
        except IntegrityError:
            earlier = IdempotencyRecord.objects.get(reader=reader, key=key)
            if earlier.fingerprint != print_:
                return refused(422, f"This {HEADER} was used for another request.")
            if earlier.status is None:
                return refused(409, f"A request with this {HEADER} is still being answered.")
            return replay(earlier)
        response = run(request, *args, **kwargs)
        if response.status_code >= 500 or response.streaming:
            record.delete()  # not an answer to keep: a retry runs again
        else:
            record.status = response.status_code
            record.content_type = response.get("Content-Type", "")
            record.body = response.content
            record.save(update_fields=["status", "content_type", "body"])
        return response

    return answer


def purge_expired() -> int:
    since = timezone.now() - timedelta(hours=IDEMPOTENCY_HOURS)
    return IdempotencyRecord.objects.filter(created_at__lt=since).delete()[0]
