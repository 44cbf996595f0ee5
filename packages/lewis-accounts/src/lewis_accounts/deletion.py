"""Account deletion: what happens to every row that points at the reader (docs/adr/0015).

Every foreign key to the user model in the composed site is listed here with its strategy, and
the site's tests fail when one is missing or its `on_delete` disagrees, so a new model cannot be
forgotten:

- "cascade": the row is the reader's own data and goes with them;
- "set null": the row is someone else's record (an edit, a review, a moderation decision) and
  stays, without who made it;
- "anonymise": the row stays and keeps no database constraint (Wagtail's audit log), so the
  reference is cleared here before the user row goes.
"""

import uuid
from types import SimpleNamespace

from allauth.account.internal.flows.login import get_authentication_records
from allauth.headless.tokens.strategies.jwt import internal as jwt_internal
from django.apps import apps
from django.db import transaction

from lewis_accounts.models import AccountDeletion, AppleRevocation, User
from lewis_accounts.tasks import revoke_apple_tokens
from lewis_accounts.tokens import end_sessions_of

USER_REFERENCES = {
    "lewis_accounts.SavedPassage.reader": "cascade",
    "lewis_accounts.SavedTheme.reader": "cascade",
    "lewis_accounts.Reflection.reader": "cascade",
    "lewis_accounts.Reflection.moderated_by": "set null",
    "lewis_accounts.IdempotencyRecord.reader": "cascade",
    "lewis_accounts.AppleToken.reader": "cascade",
    "account.EmailAddress.user": "cascade",
    "socialaccount.SocialAccount.user": "cascade",
    "usersessions.UserSession.user": "cascade",
    "admin.LogEntry.user": "cascade",
    "lewis_content.PassageTag.reviewed_by": "set null",
    "lewis_content.Passage.locked_by": "set null",
    **{
        f"lewis_content.{page}.{field}": "set null"
        for page in ("HomePage", "ThemePage", "JourneyPage", "PortalPage")
        for field in ("owner", "locked_by")
    },
    "wagtailcore.Page.owner": "set null",
    "wagtailcore.Page.locked_by": "set null",
    "wagtailcore.Revision.user": "set null",
    "wagtailcore.WorkflowState.requested_by": "set null",
    "wagtailcore.TaskState.finished_by": "set null",
    "wagtailcore.UploadedFile.uploaded_by_user": "set null",
    "wagtailcore.Comment.user": "cascade",
    "wagtailcore.Comment.resolved_by": "set null",
    "wagtailcore.CommentReply.user": "cascade",
    "wagtailcore.PageSubscription.user": "cascade",
    "wagtailcore.ModelLogEntry.user": "anonymise",
    "wagtailcore.PageLogEntry.user": "anonymise",
    "wagtailadmin.EditingSession.user": "cascade",
    "wagtailadmin.FormState.user": "cascade",
    "wagtailusers.UserProfile.user": "cascade",
    "wagtaildocs.Document.uploaded_by_user": "set null",
    "wagtailimages.Image.uploaded_by_user": "set null",
}
REAUTHENTICATION_SECONDS = 5 * 60


def installed_references():
    """(label, model, field, strategy) for each listed reference whose app is installed."""
    for label, strategy in USER_REFERENCES.items():
        app_model, field = label.rsplit(".", 1)
        try:
            model = apps.get_model(app_model)
        except LookupError:
            continue
        yield label, model, field, strategy


def recently_authenticated(payload: dict, user: User, now: float) -> bool:
    """The token's session signed in, or re-authenticated, within the last few minutes."""
    session = jwt_internal.get_token_session(payload)
    if session is None:
        return False
    records = get_authentication_records(SimpleNamespace(session=session), user)
    return bool(records) and now - records[-1]["at"] < REAUTHENTICATION_SECONDS


@transaction.atomic
def delete_account(user: User) -> uuid.UUID:
    """Delete the reader and all that is theirs, end every session (so every token dies) and
    leave an audit row without personal data. Returns its reference."""
    providers = sorted(set(user.socialaccount_set.values_list("provider", flat=True)))
    for _, model, field, strategy in installed_references():
        if strategy == "anonymise":
            model.objects.filter(**{field: user.pk}).update(**{field: None})
    deletion = AccountDeletion.objects.create(
        reference=uuid.uuid4(), signed_in_with=",".join(providers)
    )
    # Apple's tokens are revoked once the deletion has committed, and retried until Apple
    # confirms: a failure there never keeps the account alive (tasks.revoke_apple_tokens).
    revocations = [
        AppleRevocation(client_id=t.client_id, encrypted_refresh_token=t.encrypted_refresh_token)
        for t in user.apple_tokens.all()
    ]
    if revocations:
        AppleRevocation.objects.bulk_create(revocations)
        transaction.on_commit(revoke_apple_tokens.delay)
    end_sessions_of(user)
    user.delete()
    return deletion.reference
