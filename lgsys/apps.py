from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lgsys import registry


class LgsysConfig(AppConfig):
    name = "lgsys"
    verbose_name = _("Organisations and roles")

    def ready(self):
        from lgsys.audit import security  # noqa: F401  (connects the signals)
        from lgsys.city import services as _city  # noqa: F401  (reason codes)
        from lgsys.city import session as city_session
        from lgsys.letterhead import services  # noqa: F401  (its reason codes)
        from lgsys.profile import services as _profile  # noqa: F401  (reason codes)
        from lgsys.todo import services as _todo  # noqa: F401  (reason codes)

        city_session.connect()
        registry.register(
            self,
            menu=["lgsys.menu"],
            city_menu=["lgsys.city.menu"],
            dashboard=["lgsys.dashboard"],
            demo=["lgsys.demo"],
        )
