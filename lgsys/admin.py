from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from lgsys.models import Membership, Organisation, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows and never changes: for records that change only
    through their services (reviews) or never (the archive, security events)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "title"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class LgsysUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    """Read only: the log is written by the login signals and never edited."""

    list_display = ["when", "kind", "username", "organisation", "ip_address"]
    list_filter = ["kind", "organisation"]
    search_fields = ["username", "ip_address"]
    list_select_related = ["organisation"]
    date_hierarchy = "when"
