"""lewis_accounts's HTTP routes: the signed-in reader's own data. Every operation needs a Bearer
access token from allauth's app endpoints (`/_allauth/app/v1/`); none reads a session cookie.
Another reader's row answers 404, exactly as one that does not exist."""

from django.conf import settings
from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from lewis_accounts import apple, services
from lewis_accounts.auth import bearer
from lewis_accounts.idempotency import idempotent
from lewis_accounts.schemas import (
    AccountDeleted,
    AccountExport,
    AppleAuthorization,
    Cursor,
    Profile,
    ProfileChange,
    ReflectionIn,
    ReflectionOut,
    ReflectionPage,
    SavedPassageOut,
    SavedThemeOut,
    SoulMap,
    SoulMapImport,
    SoulMapImported,
)
from lewis_accounts.throttles import ReaderRateThrottle
from lewis_content.services import Id, Limit, Slug

router = Router(tags=["me"], auth=bearer)
router.add_decorator(idempotent, mode="view")

# Writes are throttled per reader (counted in the shared cache): 429 with Retry-After.
# LEWIS_ACCOUNTS["WRITE_RATE"] changes the per-minute rate (benchmarks lift it).
WRITE_RATE = getattr(settings, "LEWIS_ACCOUNTS", {}).get("WRITE_RATE", "60/m")
WRITES = [ReaderRateThrottle(WRITE_RATE)]
REFLECTIONS = [ReaderRateThrottle(WRITE_RATE), ReaderRateThrottle("200/d")]


def no_content() -> HttpResponse:
    return HttpResponse(status=204)


class PageQuery(Schema):
    cursor: Cursor | None = Field(None, description="next_cursor of the previous page.")
    limit: Limit = 20


@router.get("/me", response=Profile, summary="The signed-in reader")
def get_me(request):
    return services.profile_of(request.user)


@router.patch("/me", response=Profile, summary="Change the reader's profile", throttle=WRITES)
def update_me(request, change: ProfileChange):
    """404 for a `preferred_register` that is not one of `/registers`."""
    return services.update_profile(request.user, **change.model_dump(exclude_unset=True))


update_me.raises = (services.NotFound,)  # the schema lists the 404 (as content's `raises`)


@router.delete(
    "/me", response=AccountDeleted, summary="Delete the reader's account", throttle=WRITES
)
def delete_me(request):
    """Deletes the account and everything held about the reader, ends every session (every token
    stops working) and answers the reference of the audit record, which names no one. Needs a
    sign-in or re-authentication (`POST /_allauth/app/v1/auth/reauthenticate`) in the last 5
    minutes: 403 otherwise."""
    return services.delete_account(request.user, request.auth)


@router.post(
    "/me/apple-authorization",
    response={204: None},
    summary="Hand over the Sign in with Apple authorization code",
    throttle=WRITES,
)
def add_apple_authorization(request, authorization: AppleAuthorization):
    """After Sign in with Apple, send the authorization code Apple gave the app: the server
    exchanges it for a refresh token, so that deleting the account can revoke the app's access
    as Apple requires. 422 if Apple refuses the code; 503 if Apple cannot be reached."""
    try:
        services.remember_apple_authorization(
            request.user, authorization.code, authorization.client_id
        )
    except apple.AppleRefused as refused:
        raise HttpError(422, str(refused)) from refused
    except apple.AppleUnavailable as unavailable:
        raise HttpError(503, "Apple cannot be reached; try again later.") from unavailable
    return no_content()


@router.get("/me/export", response=AccountExport, summary="Everything held about the reader")
def export_me(request):
    return services.export_of(request.user)


@router.get("/me/soul-map", response=SoulMap, summary="The reader's Soul Map")
def get_soul_map(request, page: Query[PageQuery]):
    """Saved passages newest first, a page at a time, and every saved theme."""
    return services.soul_map_of(request.user, **page.model_dump())


@router.put(
    "/me/soul-map/passages/{passage_id}",
    response=SavedPassageOut,
    summary="Save a passage",
    throttle=WRITES,
)
def save_passage(request, passage_id: Id):
    """Idempotent: saving a saved passage changes nothing. 404 unless published."""
    return services.save_passage(request.user, passage_id)


@router.delete(
    "/me/soul-map/passages/{passage_id}", response={204: None}, summary="Unsave", throttle=WRITES
)
def unsave_passage(request, passage_id: Id):
    services.unsave_passage(request.user, passage_id)
    return no_content()


@router.put(
    "/me/soul-map/themes/{slug}", response=SavedThemeOut, summary="Save a theme", throttle=WRITES
)
def save_theme(request, slug: Slug):
    return services.save_theme(request.user, slug)


@router.delete(
    "/me/soul-map/themes/{slug}", response={204: None}, summary="Unsave a theme", throttle=WRITES
)
def unsave_theme(request, slug: Slug):
    services.unsave_theme(request.user, slug)
    return no_content()


@router.post(
    "/me/soul-map/import",
    response=SoulMapImported,
    summary="Hand over a guest's saves",
    throttle=WRITES,
)
def import_soul_map(request, saves: SoulMapImport):
    """Once, at sign-up: the saves the guest made on the device. Idempotent; what is not
    published is reported back, not refused."""
    return services.import_soul_map(request.user, **saves.model_dump())


@router.post(
    "/passages/{passage_id}/reflections",
    response={201: ReflectionOut},
    summary="Write a reflection on a passage",
    throttle=REFLECTIONS,
)
def add_reflection(request, passage_id: Id, reflection: ReflectionIn):
    return Status(201, services.add_reflection(request.user, passage_id, reflection.text))


@router.get("/me/reflections", response=ReflectionPage, summary="The reader's reflections")
def list_reflections(request, page: Query[PageQuery]):
    return services.reflections_of(request.user, **page.model_dump())


@router.delete(
    "/me/reflections/{reflection_id}", response={204: None}, summary="Delete one", throttle=WRITES
)
def delete_reflection(request, reflection_id: Id):
    services.delete_reflection(request.user, reflection_id)
    return no_content()
