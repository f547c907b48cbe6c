"""The register: information assets and risks (filled out by the register issue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lgsys.models import OrganisationOwned


class InformationAsset(OrganisationOwned):
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("information asset")
        verbose_name_plural = _("information assets")

    def __str__(self):
        return self.name


class Risk(OrganisationOwned):
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["title"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self):
        return self.title
