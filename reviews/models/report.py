"""The management review itself (filled out by the report issue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lgsys.models import OrganisationOwned
from reviews.models.approval import ApprovalFields

__all__ = ["ManagementReview"]


class ManagementReview(ApprovalFields, OrganisationOwned):
    year = models.PositiveSmallIntegerField(_("review year"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_review_per_year"
            )
        ]

    def __str__(self):
        return f"Ledningens genomgång {self.year}"
