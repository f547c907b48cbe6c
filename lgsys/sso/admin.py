from django.contrib import admin

from lgsys.admin import HistoryAdmin, ReadOnlyAdmin
from lgsys.sso.models import GroupMapping, Identity


@admin.register(GroupMapping)
class GroupMappingAdmin(HistoryAdmin):
    """Which group at the identity provider gives which role where: superusers
    keep these (every change in the history, with who made it)."""

    list_display = ["group", "provider", "organisation", "role", "title"]
    list_filter = ["provider", "organisation", "role"]
    search_fields = ["group", "title", "organisation__name", "organisation__code"]
    list_select_related = ["organisation"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(Identity)
class IdentityAdmin(ReadOnlyAdmin):
    """Which user each identity provider's subject is (made at the first login)."""

    list_display = ["user", "provider", "subject", "created", "last_login"]
    list_filter = ["provider"]
    search_fields = ["subject", "user__username", "user__last_name"]
    list_select_related = ["user"]
