from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Action plan")

    def ready(self):
        # The services declare the history's reason codes (lgsys.reasons).
        from actions import services as _services  # noqa: F401
