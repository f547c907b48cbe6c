from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lgsys.admin import ReadOnlyAdmin
from reviews.models import ArchivedReport, ManagementReview


@admin.register(ManagementReview)
class ManagementReviewAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Read-only for every review: reviews change only through the workflow's
    services, and an approved one never changes (ISO 27001 9.3.3 evidence)."""

    list_display = ["__str__", "organisation", "status", "decided_on"]
    list_filter = ["organisation", "status"]


@admin.register(ArchivedReport)
class ArchivedReportAdmin(ReadOnlyAdmin):
    list_display = ["review", "sha256", "size", "decided_on", "archived_at"]
    exclude = ["pdf"]
