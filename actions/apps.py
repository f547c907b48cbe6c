from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lgsys import registry


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Action plan")

    def ready(self):
        # The services declare the history's reason codes (lgsys.reasons).
        from actions import services as _services  # noqa: F401

        registry.register(
            self,
            menu=["actions.menu"],
            dashboard=["actions.dashboard"],
            org_urls=[("atgarder/", "actions.urls")],
            demo=["actions.demo"],
            seeders=["actions.seed"],
            as_of=["actions.asof"],
        )
