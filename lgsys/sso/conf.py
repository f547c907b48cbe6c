"""The identity providers configured in the settings (read at each use, so a
test can change them)."""

from django.conf import settings
from django.urls import reverse


def oidc() -> dict | None:
    return getattr(settings, "LGSYS_SSO_OIDC", None) or None


def saml() -> dict | None:
    return getattr(settings, "LGSYS_SSO_SAML", None) or None


def enabled() -> list[str]:
    return [name for name, conf in (("oidc", oidc()), ("saml", saml())) if conf]


def absolute(request, route: str, **kwargs) -> str:
    """The public address of ``route``: under LGSYS_SSO_BASE_URL when set."""
    path = reverse(route, kwargs=kwargs or None)
    base = settings.LGSYS_SSO_BASE_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)
