"""The frozen archive: an approved review's PDF, stored once, with its hash."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lgsys.models import Organisation

__all__ = ["ArchivedReport"]


class ArchivedReportQuerySet(models.QuerySet):
    def without_pdf(self):
        """Everything but the PDF bytes, for lists and lookups."""
        return self.defer("pdf").select_related("organisation", "review", "decided_by")


class ArchivedReport(models.Model):
    """The PDF of an approved review exactly as it was rendered at approval, kept in
    the database so every app server serves the same bytes, and the data blocks as
    printed. Written once by the approval; never changed afterwards.

    Not an ``OrganisationOwned``: its history leaves out the PDF (the bytes are
    stored once; the history records the hash)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )

    review = models.OneToOneField(
        "reviews.ManagementReview",
        on_delete=models.PROTECT,
        related_name="archive",
        verbose_name=_("management review"),
    )
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    snapshot = models.JSONField(_("data as printed"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decision date"))
    archived_at = models.DateTimeField(_("archived"), auto_now_add=True)

    objects = ArchivedReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["pdf"])

    class Meta:
        verbose_name = _("archived report")
        verbose_name_plural = _("archived reports")

    def __str__(self):
        return f"{self.review} ({self.organisation.code}) {self.sha256[:12]}…"

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()
