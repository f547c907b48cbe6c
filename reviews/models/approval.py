"""The approval state of a management review, and the comments on its sections.

``ManagementReview`` inherits these fields; the workflow's services in
``reviews/approval/services.py`` are the only code that changes them. Every
service that edits a review, its sections or its block choices calls
``review.assert_editable()`` first: a submitted review waits for its decision and
an approved one is frozen for good.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lgsys.fields import BoundedTextField
from lgsys.models import OrganisationOwned

__all__ = ["ApprovalFields", "ReviewComment", "ReviewStatus"]


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
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
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
    decided_authenticated_at = models.DateTimeField(
        _("identity confirmed at"),
        null=True,
        blank=True,
        help_text=_(
            "When the city's identity provider authenticated the person who "
            "approved again, for the decision (empty: confirmed with the password)."
        ),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacements",
        verbose_name=_("replaces"),
        help_text=_("The approved review this new version corrects."),
    )

    class Meta:
        abstract = True

    @property
    def is_frozen(self) -> bool:
        return self.status == ReviewStatus.APPROVED

    def assert_editable(self) -> None:
        """Refuse any change to an approved review, or to one awaiting decision."""
        if self.is_frozen:
            raise ValidationError(
                _("The review is approved and can no longer be changed."),
                code="frozen",
            )
        if self.status == ReviewStatus.SUBMITTED:
            raise ValidationError(
                _(
                    "The review is submitted for decision; it can be changed again "
                    "if the head of administration returns it."
                ),
                code="submitted",
            )


class ReviewComment(OrganisationOwned):
    review = models.ForeignKey(
        "reviews.ManagementReview",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("review"),
    )
    section_key = models.CharField(
        _("section"), max_length=20, blank=True, help_text=_("Empty: the whole review.")
    )
    text = BoundedTextField(max_length=5000, verbose_name=_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:60]
