"""The public surface of lewis_accounts: the only module other packages import, and the named
actions our routes call. Every action takes the reader it acts for and touches only their rows:
another reader's row is "not found", never "forbidden"."""

import logging
import time
import uuid

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lewis_accounts import apple, deletion
from lewis_accounts.idempotency import purge_expired as purge_expired_idempotency_records
from lewis_accounts.models import AppleToken, Reflection, SavedPassage, SavedTheme, User
from lewis_accounts.schemas import (
    AccountDeleted,
    AccountExport,
    ExportedEmail,
    ExportedIdempotencyRecord,
    ExportedSave,
    ExportedSession,
    ExportedSocialAccount,
    ExportedThemeSave,
    Profile,
    ReflectionOut,
    ReflectionPage,
    SavedPassageOut,
    SavedPassagePage,
    SavedThemeOut,
    SoulMap,
    SoulMapImported,
)
from lewis_accounts.tokens import reader_of_token
from lewis_content import services as content

logger = logging.getLogger(__name__)

__all__ = [
    "SOUL_MAP_CACHE_SECONDS",
    "NotFound",
    "Profile",
    "ReauthenticationRequired",
    "add_reflection",
    "delete_account",
    "delete_reflection",
    "export_of",
    "import_soul_map",
    "moderate_reflection",
    "profile_of",
    "purge_expired_idempotency_records",
    "reader_of_access_token",
    "reflections_of",
    "remember_apple_authorization",
    "save_passage",
    "save_theme",
    "soul_map_of",
    "soul_map_version",
    "unsave_passage",
    "unsave_theme",
    "update_profile",
]


class ReauthenticationRequired(PermissionDenied):
    """Deleting an account needs a sign-in (or re-authentication) within the last minutes."""


# Nothing of the reader's, or nothing published, has this id or slug: content's error, which
# the site answers with 404 in the one shape.
NotFound = content.NotFound


def profile_of(user: User) -> Profile:
    user.load_unread_fields()
    registers = {r.slug: r for r in content.list_registers()} if user.preferred_register else {}
    preferred = registers.get(user.preferred_register)
    return Profile(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        preferred_register=(
            content.RegisterRef(slug=preferred.slug, label=preferred.label) if preferred else None
        ),
    )


UNSET = object()


def update_profile(
    user: User, *, display_name: str | None = None, preferred_register=UNSET
) -> Profile:
    """Change what is given. A preferred register must be one of content's: another is "not
    found" (404), as an unknown register is wherever the API takes one."""
    changed = []
    if display_name is not None:
        user.display_name = display_name.strip()
        changed.append("display_name")
    if preferred_register is not UNSET:
        if preferred_register is not None and preferred_register not in {
            r.slug for r in content.list_registers()
        }:
            raise NotFound(f"No register '{preferred_register}' (see /registers).")
        user.preferred_register = preferred_register or ""
        changed.append("preferred_register")
    if changed:
        user.save(update_fields=changed)
    return profile_of(user)


def newest_first(rows, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """A page of the reader's rows, newest (highest id) first, after the row the cursor names;
    and the cursor of the next page (None at the end)."""
    rows = rows.order_by("-id")
    if cursor:
        rows = rows.filter(id__lt=int(cursor))
    page = list(rows[: limit + 1])
    if len(page) > limit:
        return page[:limit], str(page[limit - 1].id)
    return page, None


# The Soul Map


def reader_of_access_token(token: str) -> int | None:
    """The id of the reader a Bearer access token speaks for; None if it is forged, expired or
    its session has ended. The check our API's Bearer scheme makes (docs/adr/0014)."""
    checked = reader_of_token(token)
    return checked[0].pk if checked else None


def passage_card(passage_id: int) -> content.PassageCard:
    cards = content.passage_cards([passage_id])
    if not cards:
        raise NotFound(f"No published passage with id {passage_id}.")
    return cards[0]


def theme_card(slug: str) -> content.ThemeCard:
    cards = content.theme_cards([slug])
    if not cards:
        raise NotFound(f"No published theme '{slug}'.")
    return cards[0]


# A reader's Soul Map is kept in the shared cache between changes, under a version of it (a random
# token, also in the cache) and the content generation: a save, an unsave or a publish is seen on
# the next read, nothing is deleted, and entries left behind expire.
SOUL_MAP_CACHE_SECONDS = 5 * 60


def soul_map_version_key(reader_id: int) -> str:
    return f"accounts:soul-map-version:{reader_id}"


def soul_map_version(reader_id: int) -> str | None:
    """The current version of a reader's Soul Map in the shared cache: it changes with every
    save, unsave or import, so whatever is kept under it is current (the content generation
    covers publishing). Raises if the cache is down; None if it keeps nothing."""
    key = soul_map_version_key(reader_id)
    version = cache.get(key)
    if version is None:  # first read, or evicted: a fresh version, so no older entry is read
        cache.add(key, uuid.uuid4().hex, SOUL_MAP_CACHE_SECONDS)
        version = cache.get(key)
    return version


def new_soul_map_version(reader: User) -> None:
    try:
        cache.set(soul_map_version_key(reader.pk), uuid.uuid4().hex, SOUL_MAP_CACHE_SECONDS)
    except Exception:
        # Readers see the change once the kept copy expires (SOUL_MAP_CACHE_SECONDS).
        logger.warning("Cache unavailable: the Soul Map's kept copy is not renewed", exc_info=True)


def soul_map_changed(reader: User) -> None:
    """Call where the reader's saves change: a new version now, and again on commit, so that a
    read racing the commit cannot keep what it read before it under the current version."""
    new_soul_map_version(reader)
    transaction.on_commit(lambda: new_soul_map_version(reader))


def keep_save(model: type[SavedPassage | SavedTheme], reader: User, **item):
    """The reader's save of an item, made if missing: saving again writes nothing."""
    saved = model.objects.filter(reader=reader, **item).first()
    if saved is None:
        with transaction.atomic():
            saved, created = model.objects.get_or_create(reader=reader, **item)
            if created:
                soul_map_changed(reader)
    return saved


@transaction.atomic
def drop_save(model: type[SavedPassage | SavedTheme], reader: User, **item) -> None:
    if model.objects.filter(reader=reader, **item).delete()[0]:
        soul_map_changed(reader)


def save_passage(reader: User, passage_id: int) -> SavedPassageOut:
    """Save a published passage; saving it again changes nothing."""
    card = passage_card(passage_id)
    saved = keep_save(SavedPassage, reader, passage_id=passage_id)
    return SavedPassageOut(passage=card, saved_at=saved.saved_at)


def unsave_passage(reader: User, passage_id: int) -> None:
    drop_save(SavedPassage, reader, passage_id=passage_id)


def save_theme(reader: User, slug: str) -> SavedThemeOut:
    card = theme_card(slug)
    saved = keep_save(SavedTheme, reader, theme_slug=slug)
    return SavedThemeOut(theme=card, saved_at=saved.saved_at)


def unsave_theme(reader: User, slug: str) -> None:
    drop_save(SavedTheme, reader, theme_slug=slug)


def soul_map_of(reader: User, *, cursor: str | None = None, limit: int = 20) -> SoulMap:
    """A page of the reader's saved passages (newest first) and all their saved themes, as
    readers may see them now: a save whose passage or theme is unpublished is kept, not shown."""
    generation = content.content_generation()
    if generation is None:  # no cache to keep it in
        return soul_map_from_database(reader, cursor, limit)
    try:
        version = soul_map_version(reader.pk)
        key = f"accounts:soul-map:{reader.pk}:{version}:{generation}:{cursor or ''}:{limit}"
        soul_map = cache.get(key) if version else None  # None: a cache that keeps nothing
    except Exception:
        logger.warning("Cache unavailable: Soul Map read from the database", exc_info=True)
        return soul_map_from_database(reader, cursor, limit)
    if soul_map is None:
        soul_map = soul_map_from_database(reader, cursor, limit)
        try:
            cache.set(key, soul_map, SOUL_MAP_CACHE_SECONDS)
        except Exception:
            logger.warning("Cache unavailable: Soul Map not cached", exc_info=True)
    return soul_map


def soul_map_from_database(reader: User, cursor: str | None, limit: int) -> SoulMap:
    saved = list(
        SavedPassage.objects.filter(reader=reader)
        .order_by("-id")
        .values_list("id", "passage_id", "saved_at")
    )
    shown = content.visible_passage_ids([passage_id for _, passage_id, _ in saved])
    after = int(cursor) if cursor else None
    rows = [r for r in saved if r[1] in shown and (after is None or r[0] < after)]
    page, more = rows[:limit], len(rows) > limit
    cards = {c.id: c for c in content.passage_cards([passage_id for _, passage_id, _ in page])}
    themes = list(SavedTheme.objects.filter(reader=reader).order_by("-id"))
    theme_cards = {c.slug: c for c in content.theme_cards([t.theme_slug for t in themes])}
    return SoulMap(
        passages=SavedPassagePage(
            items=[
                SavedPassageOut(passage=cards[passage_id], saved_at=saved_at)
                for _, passage_id, saved_at in page
                if passage_id in cards
            ],
            next_cursor=str(page[-1][0]) if more else None,
        ),
        themes=[
            SavedThemeOut(theme=theme_cards[t.theme_slug], saved_at=t.saved_at)
            for t in themes
            if t.theme_slug in theme_cards
        ],
    )


@transaction.atomic
def import_soul_map(reader: User, *, passages: list[int], themes: list[str]) -> SoulMapImported:
    """The guest's saves from the device, in one call: published ones are saved (again is
    harmless), the others are reported back, not refused."""
    passages, themes = list(dict.fromkeys(passages)), list(dict.fromkeys(themes))
    known_passages = content.visible_passage_ids(passages)
    known_themes = {card.slug for card in content.theme_cards(themes)}
    saved_passages = [p for p in passages if p in known_passages]
    saved_themes = [t for t in themes if t in known_themes]
    SavedPassage.objects.bulk_create(
        [SavedPassage(reader=reader, passage_id=p) for p in saved_passages],
        ignore_conflicts=True,
    )
    SavedTheme.objects.bulk_create(
        [SavedTheme(reader=reader, theme_slug=t) for t in saved_themes], ignore_conflicts=True
    )
    if saved_passages or saved_themes:
        soul_map_changed(reader)
    return SoulMapImported(
        passages=saved_passages,
        themes=saved_themes,
        unknown_passages=[p for p in passages if p not in known_passages],
        unknown_themes=[t for t in themes if t not in known_themes],
    )


# Reflections


def reflection_out(reflection: Reflection) -> ReflectionOut:
    return ReflectionOut(
        id=reflection.pk,
        passage_id=reflection.passage_id,
        text=reflection.text,
        created_at=reflection.created_at,
        status=reflection.status,
    )


def add_reflection(reader: User, passage_id: int, text: str) -> ReflectionOut:
    passage_card(passage_id)  # only on a published passage
    reflection = Reflection.objects.create(reader=reader, passage_id=passage_id, text=text)
    return reflection_out(reflection)


def reflections_of(reader: User, *, cursor: str | None = None, limit: int = 20) -> ReflectionPage:
    """The reader's reflections, newest first, whatever their moderation status."""
    page, next_cursor = newest_first(Reflection.objects.filter(reader=reader), cursor, limit)
    return ReflectionPage(items=[reflection_out(r) for r in page], next_cursor=next_cursor)


def delete_reflection(reader: User, reflection_id: int) -> None:
    deleted, _ = Reflection.objects.filter(reader=reader, pk=reflection_id).delete()
    if not deleted:
        raise NotFound(f"No reflection of yours with id {reflection_id}.")


# The account as a whole


def export_of(user: User) -> AccountExport:
    return AccountExport(
        profile=profile_of(user),
        date_joined=user.date_joined,
        last_login=user.last_login,
        emails=[
            ExportedEmail(email=e.email, verified=e.verified, primary=e.primary)
            for e in user.emailaddress_set.order_by("pk")
        ],
        social_accounts=[
            ExportedSocialAccount(
                provider=a.provider, uid=a.uid, date_joined=a.date_joined, last_login=a.last_login
            )
            for a in user.socialaccount_set.order_by("pk")
        ],
        sessions=[
            ExportedSession(
                created_at=s.created_at,
                last_seen_at=s.last_seen_at,
                ip=s.ip,
                user_agent=s.user_agent,
            )
            for s in user.usersession_set.order_by("pk")
        ],
        saved_passages=[
            ExportedSave(passage_id=s.passage_id, saved_at=s.saved_at)
            for s in user.saved_passages.order_by("pk")
        ],
        saved_themes=[
            ExportedThemeSave(theme_slug=s.theme_slug, saved_at=s.saved_at)
            for s in user.saved_themes.order_by("pk")
        ],
        reflections=[reflection_out(r) for r in user.reflections.order_by("pk")],
        idempotency_records=[
            ExportedIdempotencyRecord(key=r.key, created_at=r.created_at, status=r.status)
            for r in user.idempotency_records.order_by("pk")
        ],
    )


def delete_account(user: User, token: dict) -> AccountDeleted:
    """Delete the reader for good (docs/adr/0015), if the token's session signed in or
    re-authenticated in the last few minutes."""
    if not deletion.recently_authenticated(token, user, time.time()):
        raise ReauthenticationRequired(
            "Confirm it is you first: re-authenticate (POST /_allauth/app/v1/auth/reauthenticate)"
            " or sign in again, then delete within 5 minutes."
        )
    return AccountDeleted(reference=str(deletion.delete_account(user)))


def moderate_reflection(reflection: Reflection, status: str, moderator: User) -> Reflection:
    """A moderator's decision on a reflection: who and when are kept with it."""
    reflection.status = status
    reflection.moderated_by = moderator
    reflection.moderated_at = timezone.now()
    reflection.save(update_fields=["status", "moderated_by", "moderated_at"])
    return reflection


def remember_apple_authorization(user: User, code: str, client_id: str | None) -> None:
    """Exchange the authorization code the app got at Sign in with Apple for a refresh token,
    kept encrypted so that deleting the account can revoke it."""
    if not user.socialaccount_set.filter(provider="apple").exists():
        raise NotFound("This account does not sign in with Apple.")
    client_id = client_id or next(iter(apple.client_ids()), "")
    refresh_token = apple.exchange_code(code, client_id)
    with transaction.atomic():
        AppleToken.objects.filter(reader=user, client_id=client_id).delete()
        AppleToken.objects.create(
            reader=user, client_id=client_id, encrypted_refresh_token=apple.encrypt(refresh_token)
        )
