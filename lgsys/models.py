"""The cross-cutting core: organisations, memberships and roles."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

ORG_CODE_REGEX = r"[A-Z][A-Z0-9]{1,9}"


class Role(models.TextChoices):
    COORDINATOR = "samordnare", _("Information security coordinator")
    HEAD = "chef", _("Head of administration")
    AUDITOR = "revisor", _("Auditor")
    OWNER = "agare", _("Information owner")


class Capability(models.TextChoices):
    """What a role may do in its organisation; the gate checks these by name."""

    VIEW = "view", _("Read the organisation's registers, plan and reviews")
    EDIT = "edit", _("Create, change and delete register data, plan and review text")
    EDIT_OWN_ASSETS = "edit_own_assets", _("Change the assets one owns")
    VIEW_HISTORY = "view_history", _("Browse the change history")
    SUBMIT_REVIEW = "submit_review", _("Submit the review for decision")
    DECIDE_REVIEW = "decide_review", _("Return or approve a submitted review")


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset(
        {
            Capability.VIEW,
            Capability.EDIT,
            Capability.VIEW_HISTORY,
            Capability.SUBMIT_REVIEW,
        }
    ),
    Role.HEAD: frozenset({Capability.VIEW, Capability.DECIDE_REVIEW}),
    Role.AUDITOR: frozenset({Capability.VIEW, Capability.VIEW_HISTORY}),
    Role.OWNER: frozenset({Capability.VIEW, Capability.EDIT_OWN_ASSETS}),
}

# Roles that may never change anything, whatever a view allows.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})


class CityRole(models.TextChoices):
    """The city level's roles (issue 21): above the organisations, never in them."""

    CISO = "stad_ansvarig", _("City information security officer")
    AUDITOR = "stad_revisor", _("City auditor")


class CityCapability(models.TextChoices):
    """What a city role may do; the city gate checks these by name."""

    VIEW = "city_view", _("See every organisation's figures and decided reviews")
    EDIT = (
        "city_edit",
        _("Onboard organisations and keep the normative classifications"),
    )
    VIEW_HISTORY = "city_history", _("Browse the city level's change history")


CITY_ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    CityRole.CISO: frozenset(
        {CityCapability.VIEW, CityCapability.EDIT, CityCapability.VIEW_HISTORY}
    ),
    CityRole.AUDITOR: frozenset({CityCapability.VIEW, CityCapability.VIEW_HISTORY}),
}

READ_ONLY_CITY_ROLES = frozenset({CityRole.AUDITOR})


class Municipality(models.Model):
    """The city or municipality above its organisations (Stockholms stad →
    Kulturförvaltningen, Idrottsförvaltningen, …): it owns the normative
    classifications and sees its organisations side by side."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(
                f"^{ORG_CODE_REGEX}$",
                _("2–10 capital letters or digits, starting with a letter, e.g. STH."),
            )
        ],
        help_text=_("Short code, used in the city level's addresses, e.g. STH."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        FORVALTNING = "forvaltning", _("Administration (förvaltning)")
        BOLAG = "bolag", _("Company (bolag)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(
                f"^{ORG_CODE_REGEX}$",
                _("2–10 capital letters or digits, starting with a letter, e.g. KUL."),
            )
        ],
        help_text=_("Short code, used as the prefix of the Dnr, e.g. KUL."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.FORVALTNING
    )
    municipality = models.CharField(
        _("municipality"),
        max_length=200,
        default="Stockholms stad",
        help_text=_("Printed in the report's letterhead."),
    )
    city = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("city"),
        help_text=_("The municipality whose city level sees this organisation."),
    )
    plan_deadline = models.DateField(
        _("verksamhetsplan deadline"),
        null=True,
        blank=True,
        help_text=_(
            "The day this year's management review must be decided, to be attached "
            "to the verksamhetsplan."
        ),
    )
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_type = models.CharField(
        _("logo's file type"), max_length=20, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dashboard", kwargs={"org_code": self.code})


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's memberships with their organisations, in one query (the
        organisations' logos left in the database: every page reads these)."""
        if not user.is_authenticated:
            return self.none()
        return (
            self.filter(user=user, user__is_active=True)
            .select_related("organisation")
            .defer("organisation__logo")
        )


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Job title as printed, e.g. informationssäkerhetssamordnare."),
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_role_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def capabilities(self) -> frozenset[str]:
        return ROLE_CAPABILITIES.get(self.role, frozenset())

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES


class CityMembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's city memberships with their municipalities, in one query."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user, user__is_active=True).select_related(
            "municipality"
        )


class CityMembership(models.Model):
    """A user's role at the city level of one municipality."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="city_memberships",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=CityRole.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_(
            "Job title as printed, e.g. stadens informationssäkerhetsansvarig."
        ),
    )

    objects = CityMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name", "user__last_name", "user__first_name"]
        verbose_name = _("city membership")
        verbose_name_plural = _("city memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_role_per_city"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"

    @property
    def capabilities(self) -> frozenset[str]:
        return CITY_ROLE_CAPABILITIES.get(self.role, frozenset())

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def read_only(self) -> bool:
        return self.role in READ_ONLY_CITY_ROLES


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor expired (nor revoked: a revoked one has expired)."""
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link that makes whoever opens it (and sets a password) a member
    of an organisation with a role. Only the token's SHA-256 is stored; the link
    expires and works once."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    token_hash = models.CharField(
        _("token's hash"), max_length=64, unique=True, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"


class OrganisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class OrganisationOwned(models.Model):
    """Base of every domain model: it belongs to one organisation and has history.

    Subclasses get a history table of their own (``inherit=True``).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class SecurityEvent(models.Model):
    """A login, a failed login, a logout, or a password asked again for a
    decision (step-up), kept for the auditors; also every login through the city's
    identity provider (lgsys.sso), its refusals with their ``reason``, and the
    users and memberships it provisioned (``detail``).

    Written once and never changed, so it has no history of its own. An event is
    recorded once for each organisation the user belongs to (so each organisation's
    auditors see their own members' events); a failed login for a name that is no
    member of any organisation is kept without organisation, for the superusers.
    Role changes are the memberships' own history.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logged out")
        STEP_UP_OK = "stepup_ok", _("password confirmed for a decision")
        STEP_UP_FAILED = "stepup_failed", _("wrong password for a decision")
        STEP_UP_LOCKED = "stepup_locked", _("decision refused after wrong passwords")
        SSO_LOGIN = "sso_login", _("logged in through the identity provider")
        SSO_FAILED = "sso_failed", _("login through the identity provider refused")
        SSO_USER_CREATED = "sso_user_created", _("user made by the identity provider")
        SSO_MEMBERSHIP = "sso_membership", _("role changed by the identity provider")
        SSO_STEP_UP_OK = "sso_stepup_ok", _("identity confirmed again for a decision")
        SSO_STEP_UP_FAILED = (
            "sso_stepup_failed",
            _("identity not confirmed for a decision"),
        )

    class Reason(models.TextChoices):
        """Why the identity provider's answer was refused."""

        BAD_SIGNATURE = "bad_signature", _("bad signature")
        WRONG_AUDIENCE = "wrong_audience", _("wrong audience")
        WRONG_RECIPIENT = "wrong_recipient", _("wrong recipient")
        EXPIRED = "expired", _("expired")
        REPLAY = "replay", _("replayed")
        UNMAPPED = "unmapped", _("no mapped group")
        BAD_STATE = "bad_state", _("unknown or reused request")
        BAD_NONCE = "bad_nonce", _("wrong nonce")
        STALE_AUTH = "stale_auth", _("no new authentication")
        OTHER_PERSON = "other_person", _("another person authenticated")
        IDP_REFUSED = "idp_refused", _("refused by the identity provider")
        INVALID = "invalid", _("invalid answer")

    when = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name given"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    reason = models.CharField(
        _("reason"), max_length=20, choices=Reason.choices, blank=True
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-when", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [
            models.Index(
                fields=["organisation", "when", "id"], name="security_org_when"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"


class ReminderKind(models.TextChoices):
    """The e-mail reminders a member can receive (and turn off on their profile)."""

    IMY_CLOCK = "imy_clock", _("IMY's 72-hour clock for a personal data breach")
    REVIEW_DUE = "review_due", _("A classification or risk due for review")
    ACTION_OVERDUE = "action_overdue", _("An action past its period")
    DECISION_WAITING = "decision_waiting", _("A review waiting for a decision")
    REVIEW_RETURNED = "review_returned", _("A review returned with comments")
    NORMATIVE_FLOOR = (
        "normative_floor",
        _(
            "A classification below the floor of a normative classification the "
            "city raised"
        ),
    )


class ReminderSetting(models.Model):
    """A member's choice to receive a kind of reminder (no row: they do)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("reminder"), max_length=30, choices=ReminderKind.choices)
    enabled = models.BooleanField(_("send by e-mail"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="one_setting_per_reminder"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.kind}: {self.enabled}"


class SentReminder(models.Model):
    """A reminder sent once: (user, kind, key) is unique, so ``send_reminders``
    run again sends nothing twice. ``key`` names the event and its threshold,
    e.g. "incident:42:12h". Written only after the mail was accepted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("reminder"), max_length=30, choices=ReminderKind.choices)
    key = models.CharField(_("event"), max_length=200)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="one_reminder_per_event"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.key} → {self.user}"


class LastVisit(models.Model):
    """When a member last opened their organisation's dashboard (for "since your
    last visit"); no history, it is not a record of the organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    seen_at = models.DateTimeField(_("last visit"))
    previous = models.DateTimeField(_("visit before"), null=True, blank=True)

    class Meta:
        verbose_name = _("last visit")
        verbose_name_plural = _("last visits")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_visit_per_member"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.organisation} {self.seen_at}"


# Models kept in the core's packages, imported so the app sees them: the history
# search's name index (lgsys/audit/names.py) and the PDF cache with its render
# jobs (lgsys/pdfs/).
from lgsys.audit.names import HistoryName  # noqa: E402, F401
from lgsys.pdfs.models import PdfRender  # noqa: E402, F401
