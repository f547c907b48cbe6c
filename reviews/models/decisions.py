"""What a review decided: the actions of the plan it decided on, and the findings
that motivated each (ISO/IEC 27001 9.3.3). The review records this; the action
plan knows nothing of reviews."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lgsys.models import OrganisationOwned
from reviews.models.inputs import Finding
from reviews.models.report import ManagementReview

__all__ = ["DecidedAction"]


class DecidedAction(OrganisationOwned):
    review = models.ForeignKey(
        ManagementReview,
        on_delete=models.PROTECT,
        related_name="decided_actions",
        verbose_name=_("decided in review"),
    )
    action = models.OneToOneField(
        "actions.Action",
        on_delete=models.CASCADE,
        related_name="decision",
        verbose_name=_("action"),
    )
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="decided_actions",
        verbose_name=_("motivated by findings"),
    )

    class Meta:
        verbose_name = _("decided action")
        verbose_name_plural = _("decided actions")

    def __str__(self):
        return str(self.action)

    def clean(self):
        for name in ("review", "action"):
            if not getattr(self, f"{name}_id"):
                continue
            if getattr(self, name).organisation_id != self.organisation_id:
                raise ValidationError(
                    {name: _("Choose one of the organisation's own.")},
                    code="other_organisation",
                )
