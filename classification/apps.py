from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from lgsys import registry


class ClassificationConfig(AppConfig):
    name = "classification"
    verbose_name = _("Register and classification")

    def ready(self):
        # The services declare the history's reason codes (lgsys.reasons).
        from classification import services as _services  # noqa: F401
        from classification.scales import on_organisation_saved
        from lgsys.models import Organisation

        # Every new organisation starts with the default scales.
        post_save.connect(
            on_organisation_saved, sender=Organisation, dispatch_uid="lgsys-scales"
        )
        registry.register(
            self,
            menu=["classification.menu"],
            dashboard=["classification.dashboard"],
            org_urls=[("register/", "classification.urls")],
            city_urls=[("normerande/", "classification.city_urls")],
            city_menu=["classification.city_menu"],
            demo=["classification.demo"],
            seeders=["classification.seed"],
            as_of=["classification.asof"],
            pickers=["classification.pickers"],
        )
