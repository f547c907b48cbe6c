from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    """Login through the city's identity provider (OpenID Connect or SAML 2.0)."""

    name = "lgsys.sso"
    label = "sso"
    verbose_name = _("Single sign-on")

    def ready(self):
        from lgsys.sso import services  # noqa: F401  (its reason codes)
