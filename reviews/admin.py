from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import ArchivedReport, ManagementReview


@admin.register(ManagementReview)
class ManagementReviewAdmin(SimpleHistoryAdmin):
    """Read-only for every review: reviews change only through the workflow's
    services, and an approved one never changes (ISO 27001 9.3.3 evidence)."""

    list_display = ["__str__", "organisation", "status", "decided_on"]
    list_filter = ["organisation", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArchivedReport)
class ArchivedReportAdmin(admin.ModelAdmin):
    list_display = ["review", "sha256", "size", "decided_on", "archived_at"]
    exclude = ["pdf"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
