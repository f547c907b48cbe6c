from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from lgsys.models import (
    CityMembership,
    Invitation,
    Membership,
    Municipality,
    Organisation,
    SecurityEvent,
)


class HistoryAdmin(SimpleHistoryAdmin):
    """The base of every admin that shows django-simple-history's history.

    simple-history's page of one past version (``history_form_view``,
    ``<id>/history/<history_id>/``) asks only for the *view* permission and then
    saves whatever is posted; SIMPLE_HISTORY_REVERT_DISABLED hides its button and
    nothing more. Through it view-only staff changed records, and a superuser
    changed reviews whose admin is read-only. Here that page shows the version,
    read-only, and refuses every POST: changes go through the change page, which
    asks for the change permission, or through the services.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )

    def get_readonly_fields(self, request, obj=None):
        if getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None:
            # A past version (simple-history marks the instance it rebuilds):
            # every field shown as text, none as an input that could not be saved.
            opts = self.model._meta
            return [
                f.name
                for f in (*opts.fields, *opts.many_to_many)
                if f.editable and not f.auto_created
            ]
        return super().get_readonly_fields(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows and never changes, for superusers too: for records that
    change only through their services (reviews) or never (the archive, security
    events). Combine with ``HistoryAdmin`` to show a record's history."""

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
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "code", "kind", "city", "municipality"]
    list_filter = ["kind", "city", "municipality"]
    list_select_related = ["city"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(HistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(CityMembership)
class CityMembershipAdmin(HistoryAdmin):
    """The city level's roles: given here by a superuser (the city has no page
    that makes city roles)."""

    list_display = ["user", "municipality", "role", "title"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = ["user", "municipality"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin, HistoryAdmin):
    """Read only: invitations are sent, accepted and revoked in the app. The
    token's hash is never shown."""

    list_display = ["email", "organisation", "role", "created_at", "expires_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["email"]
    list_select_related = ["organisation"]
    exclude = ["token_hash"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
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


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class LgsysAccessAttemptAdmin(AccessAttemptAdmin):
        """django-axes' admin without its "Clean up expired attempts" action: the
        action asks for no permission (view-only staff could run it, and it
        deletes) and in axes 8.3 fails on a request that is not a login
        (``request.axes_attempt_time``). Axes cleans expired attempts at every
        login anyway; "delete selected" stays, for those who may delete."""

        actions = []


# The PDF queue's task rows (django-tasks-db registers an admin for them): their
# arguments and tracebacks are the worker's business, not staff's; the PDFs' own
# state is lgsys.pdfs' job row. One admin page fewer to defend.
if apps.is_installed("django_tasks_db"):
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
