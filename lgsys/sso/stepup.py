"""The identity provider asked again before a decision (step-up for SSO users).

A session that logged in through the identity provider confirms a decision there:
lgsys sends the person back to it with a demand for a new authentication (OIDC
``max_age=0`` and ``prompt=login``, SAML ``ForceAuthn``), checks that the same
person authenticated within the last ``LGSYS_SSO_STEP_UP_SECONDS`` and keeps that
moment in the session until one decision takes it (lgsys/stepup.py).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lgsys.audit.security import record
from lgsys.models import SecurityEvent

PROVIDER = "sso_provider"  # set at a login through the identity provider
CONFIRMED = "sso_stepup"


def provider(request) -> str:
    """The identity provider this session logged in through ("" for a password)."""
    if request is None or not hasattr(request, "session"):
        return ""
    return request.session.get(PROVIDER, "")


def is_recent(moment: datetime | None) -> bool:
    """Whether an authentication at ``moment`` is new enough for a decision."""
    if moment is None:
        return False
    now = timezone.now()
    window = timedelta(seconds=settings.LGSYS_SSO_STEP_UP_SECONDS)
    # A clock a little ahead at the identity provider is no reason to refuse.
    return now - window <= moment <= now + timedelta(seconds=60)


def remember(request, *, user, auth_time: datetime) -> None:
    request.session[CONFIRMED] = {"user": user.pk, "at": auth_time.isoformat()}


def confirmed_at(request, user) -> datetime | None:
    """When the user authenticated again at the identity provider, if that is
    recent enough and not yet used for a decision."""
    data = request.session.get(CONFIRMED) if request is not None else None
    if not data or data.get("user") != user.pk:
        return None
    moment = parse_datetime(data.get("at", ""))
    return moment if is_recent(moment) else None


def take(*, request, user, organisation) -> datetime:
    """The moment of the new authentication, used up by this decision; refused
    (ValidationError) when there is none recent enough."""
    moment = confirmed_at(request, user)
    request.session.pop(CONFIRMED, None)
    if moment is None:
        record(
            SecurityEvent.Kind.SSO_STEP_UP_FAILED,
            request=request,
            user=user,
            organisation=organisation,
            reason=SecurityEvent.Reason.STALE_AUTH,
            detail=provider(request),
        )
        raise ValidationError(
            _(
                "Confirm the decision with the city's account first: it asks you "
                "to log in again, and the decision must follow within 5 minutes."
            ),
            code="stepup_needed",
        )
    record(
        SecurityEvent.Kind.SSO_STEP_UP_OK,
        request=request,
        user=user,
        organisation=organisation,
        detail=f"{provider(request)}: {timezone.localtime(moment):%Y-%m-%d %H:%M:%S}",
    )
    return moment
