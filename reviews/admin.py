"""The reviews in the admin: shown, with their history, and never changed. A review,
its sections and comments change only through the workflow's services, and an
approved one never changes (ISO 27001 9.3.3 evidence); the archive never changes."""

from django.contrib import admin

from lgsys.admin import HistoryAdmin, ReadOnlyAdmin
from reviews.models import (
    ArchivedReport,
    ManagementReview,
    ReviewComment,
    ReviewSection,
)


@admin.register(ManagementReview)
class ManagementReviewAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["__str__", "organisation", "status", "decided_on"]
    list_filter = ["organisation", "status"]
    list_select_related = ["organisation"]


@admin.register(ReviewSection)
class ReviewSectionAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["__str__", "review", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["review", "organisation"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["__str__", "review", "section_key", "author", "created_at"]
    list_filter = ["organisation"]
    list_select_related = ["review", "author"]


@admin.register(ArchivedReport)
class ArchivedReportAdmin(ReadOnlyAdmin):
    list_display = ["review", "sha256", "size", "decided_on", "archived_at"]
    exclude = ["pdf"]
