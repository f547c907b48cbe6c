"""The password asked again before a decision (step-up), throttled like logins.

A decision such as approving a management review asks for the user's password.
Wrong passwords are counted per user, like failed logins: after
``AXES_FAILURE_LIMIT`` failures within ``AXES_COOLOFF_TIME`` (since the last
right one) every further try is refused until the cool-off has passed, whatever
password it brings. Every failure, refusal and success is a security event of the
decision's organisation, so its auditors see it in the history. The password is
compared exactly as typed.

A session that logged in through the city's identity provider confirms the
decision there instead (``confirm``; lgsys/sso/stepup.py): the decision's app
asks ``by_identity_provider(request)`` which to offer, and sends the person to
``identity_provider_url(request, next_url)``.
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lgsys.audit.security import record
from lgsys.models import SecurityEvent
from lgsys.sso import stepup as sso_stepup

Kind = SecurityEvent.Kind


def _cooloff() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def _recent_failures(user) -> list:
    """The user's failed step-ups in the cool-off window after their last success,
    newest first."""
    since = timezone.now() - _cooloff()
    events = SecurityEvent.objects.filter(
        user=user,
        kind__in=[Kind.STEP_UP_FAILED, Kind.STEP_UP_OK],
        when__gte=since,
    ).order_by("-when", "-id")
    failures = []
    for kind, when in events.values_list("kind", "when"):
        if kind == Kind.STEP_UP_OK:
            break
        failures.append(when)
    return failures


def by_identity_provider(request) -> bool:
    """Whether this session confirms decisions at the identity provider."""
    return bool(sso_stepup.provider(request))


def identity_provider_url(request, next_url: str) -> str:
    """Where the user confirms their identity again, coming back to ``next_url``."""
    return f"{reverse('sso:stepup')}?{urlencode({'next': next_url})}"


def confirmed_at(request, user) -> datetime | None:
    """The new authentication at the identity provider a decision may use now."""
    return sso_stepup.confirmed_at(request, user)


def confirm(*, user, password: str | None, organisation, request) -> datetime | None:
    """Refuse (ValidationError) unless the user confirmed the decision: at the
    identity provider when the session came from it (returns the moment of that
    authentication, to be kept with the decision), else with their password
    (returns None)."""
    if by_identity_provider(request):
        return sso_stepup.take(request=request, user=user, organisation=organisation)
    verify_password(
        user=user, password=password, organisation=organisation, request=request
    )
    return None


def verify_password(*, user, password: str | None, organisation, request=None):
    """Refuse (ValidationError on ``password``) unless ``password`` is the user's
    and the user is not locked out."""
    with transaction.atomic():
        # One try at a time per user: the count and the check cannot interleave.
        get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()
        failures = _recent_failures(user)
        limit = settings.AXES_FAILURE_LIMIT
        if len(failures) >= limit:
            record(
                Kind.STEP_UP_LOCKED,
                request=request,
                user=user,
                organisation=organisation,
            )
            error = _locked_error(failures[limit - 1])
        elif password and user.check_password(password):
            record(
                Kind.STEP_UP_OK, request=request, user=user, organisation=organisation
            )
            return
        else:
            record(
                Kind.STEP_UP_FAILED,
                request=request,
                user=user,
                organisation=organisation,
            )
            if len(failures) + 1 >= limit:
                record(
                    Kind.STEP_UP_LOCKED,
                    request=request,
                    user=user,
                    organisation=organisation,
                )
                error = _locked_error(([timezone.now()] + failures)[limit - 1])
            else:
                error = ValidationError(
                    {
                        "password": ValidationError(
                            _("The password is wrong. Approving needs your password."),
                            code="bad_password",
                        )
                    }
                )
    # Raised after the transaction, so the events above are kept.
    raise error


def _locked_error(oldest_counted) -> ValidationError:
    until = timezone.localtime(oldest_counted + _cooloff())
    message = _(
        "Too many wrong passwords. For your security, decisions with your "
        "password are blocked until %(time)s. Ask the administrator if it "
        "was not you."
    ) % {"time": until.strftime("%H:%M")}
    return ValidationError({"password": ValidationError(message, code="locked")})
