"""The city level's writes: onboarding an organisation, and the invitations
that bring its people in.

An invitation is a one-time link: a random token whose SHA-256 alone is stored,
expiring after ``INVITATION_DAYS``; accepting it creates the membership with the
invited role. Who may invite whom:

- the city's information security officer (``CityCapability.EDIT``) invites an
  organisation's first coordinators, in the city's own organisations only;
- an organisation's coordinator (``Capability.EDIT``) invites its head,
  auditors and information owners (``MEMBER_INVITE_ROLES``), in their own
  organisation only. Nobody is invited to a city role or to the admin: an
  account made from an invitation is never staff.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from lgsys import reasons
from lgsys.models import (
    Capability,
    CityCapability,
    CityMembership,
    Invitation,
    Membership,
    Municipality,
    Organisation,
    Role,
)
from lgsys.services import member, save_new

reasons.define(
    onboarded=gettext_lazy("onboarded by the city"),
    invited=gettext_lazy("invited"),
    invitation_accepted=gettext_lazy("invitation accepted"),
    invitation_revoked=gettext_lazy("invitation revoked"),
)

INVITATION_DAYS = 7
# The roles an organisation's coordinator may invite; the first coordinator is
# invited by the city.
MEMBER_INVITE_ROLES = (Role.HEAD, Role.AUDITOR, Role.OWNER)
# The token in the link: 32 random bytes, URL-safe (43 characters).
TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 64


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def city_member(by, city: Municipality, *capabilities: str) -> CityMembership:
    """``by``'s city membership of ``city``; refused for the read-only city
    auditor and without one of ``capabilities``."""
    membership = (
        CityMembership.objects.for_user(by).filter(municipality=city).first()
        if by is not None
        else None
    )
    if membership is None or membership.read_only:
        raise PermissionDenied
    if capabilities and not any(membership.can(c) for c in capabilities):
        raise PermissionDenied
    return membership


# Onboarding ------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    city: Municipality,
    by,
    name: str,
    code: str,
    kind: str,
    plan_deadline=None,
) -> Organisation:
    """A new organisation of ``city``; it gets the default scales as every new
    organisation does (classification's post_save), and its letterhead prints
    the city's name."""
    city_member(by, city, CityCapability.EDIT)
    code = (code or "").strip().upper()
    if Organisation.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("An organisation with this code already exists.")},
            code="code_taken",
        )
    if Municipality.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("A city already uses this code.")}, code="code_taken"
        )
    organisation = Organisation(
        name=(name or "").strip(),
        code=code,
        kind=kind,
        municipality=city.name,
        city=city,
        plan_deadline=plan_deadline,
    )
    return save_new(organisation, by=by, reason=reasons.reason("onboarded"))


# Invitations -------------------------------------------------------------------


def may_invite(by, organisation: Organisation, role: str) -> bool:
    """Whether ``by`` may invite someone to ``organisation`` with ``role``."""
    try:
        _check_inviter(by, organisation, role)
    except PermissionDenied:
        return False
    return True


def _check_inviter(by, organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise PermissionDenied
    if role == Role.COORDINATOR:
        # The city onboards; a coordinator does not make more coordinators.
        if organisation.city_id is None:
            raise PermissionDenied
        city_member(by, organisation.city, CityCapability.EDIT)
        return
    if role in MEMBER_INVITE_ROLES:
        member(by, organisation, Capability.EDIT)
        return
    raise PermissionDenied


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, title: str = "", by
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``organisation`` with ``role`` and mail the link (once
    the transaction commits). Returns the invitation and its token (the token is
    never stored: only its hash)."""
    _check_inviter(by, organisation, role)
    email = get_user_model().objects.normalize_email((email or "").strip())
    if Membership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise ValidationError(
            {"email": _("Someone with this e-mail address is already a member.")},
            code="already_member",
        )
    if (
        Invitation.objects.pending()
        .filter(organisation=organisation, email__iexact=email)
        .exists()
    ):
        raise ValidationError(
            {
                "email": _(
                    "This address already has an invitation waiting. Revoke it "
                    "first to send a new one."
                )
            },
            code="already_invited",
        )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        title=(title or "").strip(),
        token_hash=token_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    save_new(invitation, by=by, reason=reasons.reason("invited"))
    transaction.on_commit(lambda: _send(invitation, token))
    return invitation, token


def invitation_link(token: str) -> str:
    return settings.LGSYS_BASE_URL + reverse("accept_invitation", args=[token])


def _send(invitation: Invitation, token: str) -> None:
    # The invitee has no language yet: the mail is in Swedish, as the UI is first.
    with override("sv"):
        context = {
            "invitation": invitation,
            "link": invitation_link(token),
            "inviter": invitation.invited_by,
            "days": INVITATION_DAYS,
        }
        subject = _("Invitation to lgsys: %(organisation)s") % {
            "organisation": invitation.organisation.name
        }
        body = render_to_string("lgsys/city/invitation_mail.txt", context)
    send_mail(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
        fail_silently=False,
    )


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation this link's token opens, whatever its state; None for an
    unknown (or absurd) token. Compared by the token's hash, in the database."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def _lock_open(invitation: Invitation) -> Invitation:
    """The invitation's stored row, locked, if it can still be accepted."""
    current = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=invitation.pk)
        .first()
    )
    if current is None or current.accepted_at is not None:
        raise ValidationError(
            _("This invitation has already been used."), code="invitation_used"
        )
    if current.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired."), code="invitation_expired"
        )
    return current


def _join(invitation: Invitation, user) -> Membership:
    if Membership.objects.filter(
        user=user, organisation=invitation.organisation
    ).exists():
        raise ValidationError(
            _("You are already a member of %(organisation)s.")
            % {"organisation": invitation.organisation.name},
            code="already_member",
        )
    membership = Membership(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        title=invitation.title,
    )
    save_new(membership, by=user, reason=reasons.reason("invitation_accepted"))
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation._history_user = user
    invitation._change_reason = reasons.reason("invitation_accepted")
    invitation.full_clean()
    invitation.save()
    return membership


@transaction.atomic
def invitation_accept_new_user(
    *,
    invitation: Invitation,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
):
    """A new account for the invitee (with the invitation's e-mail address, never
    staff or superuser) and its membership. Returns the user."""
    invitation = _lock_open(invitation)
    User = get_user_model()
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("This user name is taken. Choose another.")},
            code="username_taken",
        )
    user = User(
        username=username,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=invitation.email,
        is_staff=False,
        is_superuser=False,
        is_active=True,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    _join(invitation, user)
    return user


@transaction.atomic
def invitation_accept_existing(*, invitation: Invitation, user) -> Membership:
    """The logged-in invitee accepts into their own account, which must have the
    invited e-mail address."""
    invitation = _lock_open(invitation)
    if not user.is_authenticated or (user.email or "").casefold() != (
        invitation.email.casefold()
    ):
        raise PermissionDenied
    return _join(invitation, user)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> Invitation:
    """Close a pending invitation's link now; the invitation and its history
    stay."""
    _check_inviter(by, invitation.organisation, invitation.role)
    current = _lock_open(invitation)
    current.expires_at = timezone.now()
    current._history_user = by
    current._change_reason = reasons.reason("invitation_revoked")
    current.full_clean()
    current.save()
    return current
