"""Review inputs: findings (filled out by the review-inputs issue)."""

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from lgsys.models import OrganisationOwned

__all__ = ["Finding"]


class Finding(OrganisationOwned):
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return Truncator(self.text).chars(80)
