"""What operators see in the Django admin of accounts: users (and their groups), and pending and
failed Apple revocations."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lewis_accounts.models import AppleRevocation, User


@admin.register(User)
class LewisUserAdmin(UserAdmin):
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Reader", {"fields": ["display_name", "preferred_register"]}),
    ]
    list_display = ["username", "email", "display_name", "is_staff", "is_superuser", "last_login"]


@admin.register(AppleRevocation)
class AppleRevocationAdmin(admin.ModelAdmin):
    list_display = ["pk", "client_id", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status"]
    # The token itself is never shown.
    fields = readonly_fields = [
        f.name for f in AppleRevocation._meta.fields if f.name != "encrypted_refresh_token"
    ]

    def has_add_permission(self, request):
        return False
