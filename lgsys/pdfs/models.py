"""One row per PDF: the cache entry and its render job in one, so the PDF and
the job's state are always written together."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["PdfRender"]


class PdfRenderQuerySet(models.QuerySet):
    def without_pdf(self):
        """Everything but the bytes (and the HTML), for state checks."""
        return self.defer("pdf", "html")

    def for_subject(self, subject: str):
        """The renders an app asked for under ``subject``, newest first."""
        return self.filter(subject=subject).order_by("-requested_at")


class PdfRender(models.Model):
    """A PDF rendered (or to be rendered) from one HTML document by one version
    of the renderer. ``key`` is the SHA-256 of both: a changed document or
    renderer gets a new key, so a cached PDF is never stale.

    The worker claims a row by setting ``running`` with a lease; a worker that
    dies mid-render leaves the row ``running`` with an expired lease and no PDF,
    and the sweep hands it to a worker again. The PDF, the state ``done`` and
    the ``on_done`` hook (e.g. the archive of an approval) are written in one
    transaction at the end."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting in the queue")
        RUNNING = "running", _("being rendered")
        DONE = "done", _("rendered")
        FAILED = "failed", _("render failed")

    key = models.CharField(_("cache key"), max_length=64, unique=True)
    subject = models.CharField(
        _("what it shows"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("What the PDF is of, as the requesting app names it."),
    )
    state = models.CharField(
        _("render state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    html = models.TextField(_("HTML"), blank=True)  # emptied once rendered
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    lease_until = models.DateTimeField(_("lease expires"), null=True, blank=True)
    error = models.TextField(_("render error"), blank=True)
    on_done = models.CharField(
        _("when rendered"),
        max_length=200,
        blank=True,
        help_text=_("Dotted path of a function called with the PDF when stored."),
    )
    on_done_args = models.JSONField(_("its arguments"), default=dict, blank=True)
    requested_at = models.DateTimeField(_("first requested"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("handed to the worker"), null=True)
    finished_at = models.DateTimeField(_("render finished"), null=True, blank=True)
    used_at = models.DateTimeField(_("last served"), default=timezone.now)

    objects = PdfRenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("PDF render")
        verbose_name_plural = _("PDF renders")
        indexes = [
            models.Index(fields=["state", "lease_until"], name="pdfrender_state_lease"),
            models.Index(fields=["used_at"], name="pdfrender_used"),
        ]

    def __str__(self):
        return f"{self.subject or self.key[:12]} ({self.state})"

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
