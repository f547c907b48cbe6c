"""The approval state of a management review (the approval workflow fills it in).

``ManagementReview`` inherits these fields; the workflow's services in
``reviews/approval/services.py`` are the only code that changes them. Every
service that edits a review, its sections, comments or block choices calls
``review.assert_editable()`` first: an approved review is frozen for good.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ApprovalFields", "ReviewStatus"]


class ReviewStatus(models.TextChoices):
    DRAFT = "utkast", _("Draft")
    SUBMITTED = "inskickad", _("Submitted for decision")
    RETURNED = "aterremitterad", _("Returned")
    APPROVED = "beslutad", _("Approved")


class ApprovalFields(models.Model):
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        abstract = True

    @property
    def is_frozen(self) -> bool:
        return self.status == ReviewStatus.APPROVED

    def assert_editable(self) -> None:
        """Refuse any change to an approved review."""
        if self.is_frozen:
            raise ValidationError(
                _("The review is approved and can no longer be changed."),
                code="frozen",
            )
