"""Security events: logins, failed logins and logouts, recorded for the auditors.

Role changes need nothing here: a membership has history, so every change of role
is in the timeline as a change to the membership, with who made it.
"""

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from lgsys.models import Membership, SecurityEvent


def record(
    kind: str,
    *,
    request,
    user=None,
    username: str = "",
    organisation=None,
    reason: str = "",
    detail: str = "",
) -> None:
    """One event for ``organisation`` if given, else for each organisation the
    user belongs to (or one without)."""
    ip_address = user_agent = None
    if request is not None:
        ip_address = get_client_ip_address(request) or None
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    if user is not None:
        username = user.get_username()
    if organisation is not None:
        organisations = [organisation.pk]
    elif user is not None:
        organisations = list(
            Membership.objects.filter(user=user).values_list(
                "organisation_id", flat=True
            )
        )
    else:
        organisations = []
    SecurityEvent.objects.bulk_create(
        SecurityEvent(
            kind=kind,
            organisation_id=organisation_id,
            user=user,
            username=username[:150],
            ip_address=ip_address,
            user_agent=user_agent or "",
            reason=reason,
            detail=detail[:300],
        )
        for organisation_id in organisations or [None]
    )


@receiver(user_logged_in, dispatch_uid="lgsys_security_login")
def _logged_in(sender, request, user, **kwargs):
    # A login through the identity provider (lgsys.sso) names the provider.
    provider = getattr(user, "sso_provider", "")
    if provider:
        record(
            SecurityEvent.Kind.SSO_LOGIN, request=request, user=user, detail=provider
        )
    else:
        record(SecurityEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="lgsys_security_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(SecurityEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="lgsys_security_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model()._default_manager.filter(username=username).first()
    record(
        SecurityEvent.Kind.LOGIN_FAILED, request=request, user=user, username=username
    )
