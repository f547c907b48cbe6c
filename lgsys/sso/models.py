"""Who the identity provider says a user is, and what its groups give them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lgsys.models import Organisation, Role


class Provider(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class GroupMappingQuerySet(models.QuerySet):
    def for_groups(self, provider: str, groups):
        """The mappings of these groups at this provider, with their organisations,
        in one query."""
        return self.filter(provider=provider, group__in=list(groups)).select_related(
            "organisation"
        )


class GroupMapping(models.Model):
    """A group (or claim value) at the identity provider gives a role in an
    organisation: e.g. an Entra ID group id -> KUL, information security
    coordinator. Memberships follow the mappings at every login."""

    provider = models.CharField(
        _("identity provider"), max_length=10, choices=Provider.choices
    )
    group = models.CharField(
        _("group"),
        max_length=200,
        help_text=_(
            "The group's value as the identity provider sends it (in Entra ID "
            "the group's object id)."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Job title as printed, e.g. informationssäkerhetssamordnare."),
    )

    objects = GroupMappingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider", "organisation__name", "group"]
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "group", "organisation"],
                name="sso_one_role_per_group_and_organisation",
            )
        ]

    def __str__(self):
        return f"{self.get_provider_display()} {self.group} → {self.role}"


class Identity(models.Model):
    """The user an identity provider's subject (OIDC ``sub``, SAML NameID) is.

    A user with an identity is an SSO user: the approval asks the identity
    provider to authenticate them again instead of asking for a password."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sso_identities",
        verbose_name=_("user"),
    )
    provider = models.CharField(
        _("identity provider"), max_length=10, choices=Provider.choices
    )
    subject = models.CharField(_("subject"), max_length=255)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_login = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="sso_one_user_per_subject"
            )
        ]

    def __str__(self):
        return f"{self.get_provider_display()} {self.subject}"


class SamlAssertion(models.Model):
    """A SAML assertion taken once: its id refuses a replay until it expires,
    and ``handoff`` carries the checked answer from the identity provider's POST
    (which arrives without the session cookie) to the session that asked."""

    assertion_id = models.CharField(max_length=255, unique=True)
    in_response_to = models.CharField(max_length=255, blank=True)
    handoff = models.CharField(max_length=64, unique=True)
    subject = models.CharField(max_length=255)
    attributes = models.JSONField(default=dict)
    authn_instant = models.DateTimeField(null=True)
    session_index = models.CharField(max_length=255, blank=True)
    received = models.DateTimeField()
    expires = models.DateTimeField()
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("SAML assertion")
        verbose_name_plural = _("SAML assertions")

    def __str__(self):
        return self.assertion_id
