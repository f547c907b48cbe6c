"""Every write of single sign-on: users and memberships provisioned from the
identity provider's answer, group mappings, the SAML assertions taken.

Least privilege: a first login creates the user with no organisation and no staff
or superuser flag; memberships come from the group mappings alone and follow them
at every login (a group taken away at the identity provider takes the membership
away). The memberships' history names no user and gives the identity provider as
the reason; each change is also a security event of its organisation.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys import reasons
from lgsys.audit.security import record
from lgsys.models import (
    CityMembership,
    CityRole,
    Membership,
    Organisation,
    Role,
    SecurityEvent,
)
from lgsys.services import delete, save_new
from lgsys.sso.models import GroupMapping, Identity, Provider, SamlAssertion

Kind = SecurityEvent.Kind

reasons.define(
    sso_oidc=gettext_lazy("by the identity provider (OpenID Connect)"),
    sso_saml=gettext_lazy("by the identity provider (SAML)"),
)

# Two groups mapping to one organisation give the stronger role.
ROLE_RANK = [Role.HEAD, Role.COORDINATOR, Role.OWNER, Role.AUDITOR]


@dataclass
class Claims:
    """What the identity provider said about the person, after every check."""

    provider: str
    subject: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    groups: list[str] = field(default_factory=list)
    auth_time: datetime | None = None


# Group mappings ----------------------------------------------------------------


@transaction.atomic
def group_mapping_create(
    *,
    provider: str,
    group: str,
    organisation: Organisation,
    role: str,
    title: str = "",
    by,
) -> GroupMapping:
    """Map a group at the identity provider to a role in an organisation: a
    superuser any role; the city's information security officer (issue 21) its
    organisations' coordinator, as the way in of a new organisation's first
    coordinator when single sign-on is on."""
    city_officer = (
        role == Role.COORDINATOR
        and organisation.city_id is not None
        and CityMembership.objects.for_user(by)
        .filter(municipality_id=organisation.city_id, role=CityRole.CISO)
        .exists()
    )
    if not (by.is_active and (by.is_superuser or city_officer)):
        raise ValidationError(
            _("Only an administrator maps the identity provider's groups to roles."),
            code="not_admin",
        )
    if not (group or "").strip():
        raise ValidationError({"group": _("Give the group's value.")}, code="empty")
    if GroupMapping.objects.filter(
        provider=provider, group=group, organisation=organisation
    ).exists():
        raise ValidationError(
            {"group": _("This group already gives a role in this organisation.")},
            code="duplicate",
        )
    mapping = GroupMapping(
        provider=provider,
        group=group.strip(),
        organisation=organisation,
        role=role,
        title=title,
    )
    return save_new(mapping, by=by, reason=reasons.reason("created"))


# Login ----------------------------------------------------------------------------


def _username(claims: Claims) -> str:
    """A user name that is free: the e-mail address if no one has it, else one
    made from the subject. An existing local account is never taken over."""
    users = get_user_model()._default_manager
    email = claims.email.strip().lower()
    if email and len(email) <= 150 and not users.filter(username=email).exists():
        return email
    digest = hashlib.sha256(f"{claims.provider}:{claims.subject}".encode()).hexdigest()
    return f"sso-{claims.provider}-{digest[:16]}"


@transaction.atomic
def identity_login(*, claims: Claims, request):
    """The user the identity provider vouched for, created at the first login and
    with the name and e-mail of the claims; memberships follow the mapped groups
    (the caller refuses a user left with none)."""
    identity = (
        Identity.objects.select_for_update()
        .select_related("user")
        .filter(provider=claims.provider, subject=claims.subject)
        .first()
    )
    if identity is None:
        user = get_user_model()(
            username=_username(claims),
            is_staff=False,
            is_superuser=False,
        )
        user.set_unusable_password()
        _copy_claims(user, claims)
        user.save()
        identity = Identity(user=user, provider=claims.provider, subject=claims.subject)
        record(
            Kind.SSO_USER_CREATED,
            request=request,
            user=user,
            detail=f"{claims.provider}: {user.get_full_name()} <{user.email}>",
        )
    else:
        user = identity.user
        before = (user.first_name, user.last_name, user.email)
        _copy_claims(user, claims)
        if (user.first_name, user.last_name, user.email) != before:
            user.save(update_fields=["first_name", "last_name", "email"])
    identity.last_login = timezone.now()
    identity.save()
    membership_sync(
        user=user, provider=claims.provider, groups=claims.groups, request=request
    )
    return user


def _copy_claims(user, claims: Claims) -> None:
    user.first_name = claims.first_name[:150]
    user.last_name = claims.last_name[:150]
    user.email = claims.email[:254]


def membership_sync(*, user, provider: str, groups, request) -> list[str]:
    """Bring the user's memberships in line with the mappings of ``groups``;
    returns what changed, one line per organisation."""
    wanted: dict[int, GroupMapping] = {}
    for mapping in GroupMapping.objects.for_groups(provider, groups):
        chosen = wanted.get(mapping.organisation_id)
        if chosen is None or ROLE_RANK.index(mapping.role) < ROLE_RANK.index(
            chosen.role
        ):
            wanted[mapping.organisation_id] = mapping
    current = {
        m.organisation_id: m
        for m in Membership.objects.select_for_update()
        .select_related("organisation")
        .filter(user=user)
    }
    why = reasons.reason(f"sso_{provider}")
    changes = []
    for organisation_id, mapping in wanted.items():
        membership = current.get(organisation_id)
        if membership is None:
            membership = Membership(
                user=user,
                organisation=mapping.organisation,
                role=mapping.role,
                title=mapping.title,
            )
            save_new(membership, by=None, reason=why)
            line = f"+ {mapping.organisation.code}: {mapping.get_role_display()}"
        elif (membership.role, membership.title) != (mapping.role, mapping.title):
            old = membership.get_role_display()
            membership.role, membership.title = mapping.role, mapping.title
            membership._history_user, membership._change_reason = None, why
            membership.full_clean()
            membership.save()
            line = (
                f"{mapping.organisation.code}: {old} → {membership.get_role_display()}"
            )
        else:
            continue
        changes.append(line)
        record(
            Kind.SSO_MEMBERSHIP,
            request=request,
            user=user,
            organisation=mapping.organisation,
            detail=f"{provider}: {line}",
        )
    for organisation_id, membership in current.items():
        if organisation_id in wanted:
            continue
        line = f"− {membership.organisation.code}: {membership.get_role_display()}"
        organisation = membership.organisation
        delete(membership, by=None, reason=why)
        changes.append(line)
        record(
            Kind.SSO_MEMBERSHIP,
            request=request,
            user=user,
            organisation=organisation,
            detail=f"{provider}: {line}",
        )
    return changes


def login_refused(
    *, request, provider: str, reason: str, user=None, username: str = "", detail=""
) -> None:
    """A security event for an answer of the identity provider that was refused:
    without organisation when no user is known yet, else in each of theirs."""
    record(
        Kind.SSO_FAILED,
        request=request,
        user=user,
        username=username,
        reason=reason,
        detail=f"{provider}: {detail}" if detail else provider,
    )


# SAML assertions ------------------------------------------------------------------


class Replayed(Exception):
    pass


@transaction.atomic
def saml_assertion_store(
    *,
    assertion_id: str,
    in_response_to: str,
    subject: str,
    attributes: dict,
    authn_instant: datetime | None,
    session_index: str,
    expires: datetime,
) -> SamlAssertion:
    """Keep a checked assertion under a one-time handoff key; an assertion id seen
    before is a replay (``Replayed``)."""
    if SamlAssertion.objects.filter(assertion_id=assertion_id).exists():
        raise Replayed(assertion_id)
    now = timezone.now()
    # Ids are kept until their assertions expire; older ones can go.
    SamlAssertion.objects.filter(expires__lt=now).delete()
    row = SamlAssertion(
        assertion_id=assertion_id,
        in_response_to=in_response_to,
        handoff=secrets.token_urlsafe(32),
        subject=subject,
        attributes=attributes,
        authn_instant=authn_instant,
        session_index=session_index,
        received=now,
        expires=max(expires, now),
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:  # the same assertion posted twice at once
        raise Replayed(assertion_id) from error
    return row


@transaction.atomic
def saml_assertion_take(*, handoff: str) -> SamlAssertion | None:
    """The assertion behind ``handoff``, once; None when unknown or taken."""
    row = SamlAssertion.objects.select_for_update().filter(handoff=handoff).first()
    if row is None or row.used:
        return None
    row.used = True
    row.save(update_fields=["used"])
    return row


def provider_label(provider: str) -> str:
    return str(Provider(provider).label)
