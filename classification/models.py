"""The register: information assets, systems, classifications (and the city's
normative ones), risks, threshold analyses, and each organisation's scales."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lgsys.fields import BoundedTextField
from lgsys.models import OrganisationOwned, OrganisationQuerySet

# Scales ---------------------------------------------------------------------


class ScaleLevel(OrganisationOwned):
    class Kind(models.TextChoices):
        CLASSIFICATION = "klassning", _("Classification (K, R, T, S)")
        LIKELIHOOD = "sannolikhet", _("Risk likelihood")
        CONSEQUENCE = "konsekvens", _("Risk consequence")

    kind = models.CharField(_("scale"), max_length=20, choices=Kind.choices)
    value = models.PositiveSmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "value"], name="one_label_per_level"
            )
        ]

    def __str__(self):
        return f"{self.value} {self.label}"


class RiskBand(OrganisationOwned):
    class Style(models.TextChoices):
        LOW = "ok", _("Green")
        MEDIUM = "warn", _("Yellow")
        HIGH = "danger", _("Red")

    low = models.PositiveSmallIntegerField(_("from value"))
    high = models.PositiveSmallIntegerField(_("to value"))
    label = models.CharField(_("label"), max_length=50)
    style = models.CharField(_("colour"), max_length=10, choices=Style.choices)

    class Meta:
        ordering = ["low"]
        verbose_name = _("risk band")
        verbose_name_plural = _("risk bands")

    def __str__(self):
        return f"{self.label} ({self.low}–{self.high})"


# Registers --------------------------------------------------------------------


class System(OrganisationOwned):
    class Hosting(models.TextChoices):
        OWN = "egen", _("Own operation")
        CITY = "stadens", _("The city's operation")
        EU_CLOUD = "eu_moln", _("Cloud service in the EU/EEA")
        THIRD_COUNTRY = "tredje_land", _("Third country")

    class TransferBasis(models.TextChoices):
        ADEQUACY = "adekvat", _("Adequacy decision")
        DPF = "dpf", _("EU–US Data Privacy Framework")
        SCC = "scc", _("Standard contractual clauses (SCC)")
        BCR = "bcr", _("Binding corporate rules (BCR)")
        ART49 = "art49", _("Derogation (art. 49)")
        UNCLEAR = "oklar", _("Unclear")

    name = models.CharField(_("name"), max_length=200)
    owner_title = models.CharField(_("system owner"), max_length=200, blank=True)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    hosting = models.CharField(
        _("hosting"), max_length=20, choices=Hosting.choices, default=Hosting.CITY
    )
    transfer_basis = models.CharField(
        _("transfer basis"),
        max_length=20,
        choices=TransferBasis.choices,
        blank=True,
        help_text=_("Only for a third country."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("system")
        verbose_name_plural = _("systems")

    def __str__(self):
        return self.name

    def clean(self):
        if self.hosting == self.Hosting.THIRD_COUNTRY and not self.transfer_basis:
            raise ValidationError(
                {
                    "transfer_basis": _(
                        "A system in a third country needs the legal basis for the "
                        "transfer (choose “Unclear” if it is not known)."
                    )
                }
            )
        if self.hosting != self.Hosting.THIRD_COUNTRY and self.transfer_basis:
            raise ValidationError(
                {
                    "transfer_basis": _(
                        "A transfer basis applies only to a third country."
                    )
                }
            )


class AssetStatus(models.TextChoices):
    INVENTORIED = "inventerad", _("Inventoried")
    CLASSIFIED = "klassad", _("Classified")
    PLAN = "handlingsplan", _("Action plan drawn up")
    DONE = "atgardad", _("Remedied")


def _latest_classifications():
    """The asset's (``OuterRef("pk")``) classifications, latest first: the first
    is its current one (the index ``classification_latest`` answers it)."""
    return Classification.objects.filter(asset=OuterRef("pk")).order_by(
        "-classified_on", "-pk"
    )


class InformationAssetQuerySet(models.QuerySet):
    def with_current_classification(self):
        """Each asset with its latest classification's levels (one query)."""
        latest = _latest_classifications()
        qs = self.annotate(
            cur_k=Subquery(latest.values("k")[:1]),
            cur_r=Subquery(latest.values("r")[:1]),
            cur_t=Subquery(latest.values("t")[:1]),
            cur_s=Subquery(latest.values("s")[:1]),
            cur_on=Subquery(latest.values("classified_on")[:1]),
            next_review=Subquery(latest.values("next_review")[:1]),
        )
        return qs.annotate(
            protection=Greatest(
                Coalesce("cur_k", -1),
                Coalesce("cur_r", -1),
                Coalesce("cur_t", -1),
                Coalesce("cur_s", -1),
            )
        )

    def coverage(self, today: date | None = None) -> dict:
        """The register's coverage figures, in one query. An asset is classified
        when it has a classification (its date is never empty); of the latest
        one, only the next review is read."""
        today = today or timezone.localdate()
        latest = _latest_classifications()
        figures = self.annotate(
            has_classification=Exists(latest),
            next_review=Subquery(latest.values("next_review")[:1]),
        ).aggregate(
            assets=Count("pk"),
            with_owner=Count(
                "pk", filter=Q(owner_user__isnull=False) | ~Q(owner_title="")
            ),
            classified=Count("pk", filter=Q(has_classification=True)),
            overdue=Count("pk", filter=Q(next_review__lt=today)),
            with_plan=Count(
                "pk", filter=Q(status__in=[AssetStatus.PLAN, AssetStatus.DONE])
            ),
            prioritised_total=Count("pk", filter=Q(prioritised=True)),
            prioritised_classified=Count(
                "pk", filter=Q(prioritised=True, has_classification=True)
            ),
        )
        total = figures["assets"]

        def share(n):
            return round(100 * n / total, 1) if total else None

        return {
            **figures,
            "share_with_owner": share(figures["with_owner"]),
            "share_classified": share(figures["classified"]),
            "share_overdue": share(figures["overdue"]),
            "share_with_plan": share(figures["with_plan"]),
        }


class InformationAsset(OrganisationOwned):
    name = models.CharField(_("name"), max_length=200)
    description = BoundedTextField(_("description"), blank=True)
    process_code = models.CharField(
        _("process code"),
        max_length=30,
        blank=True,
        help_text=_("In the klassificeringsstruktur, e.g. 3.2.1."),
    )
    process_name = models.CharField(_("process"), max_length=200, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("information owner (member)"),
    )
    owner_title = models.CharField(
        _("information owner (role)"),
        max_length=200,
        blank=True,
        help_text=_("A role title when the owner has no account."),
    )
    system_owner = models.CharField(_("system owner"), max_length=200, blank=True)
    systems = models.ManyToManyField(
        System, blank=True, related_name="assets", verbose_name=_("systems")
    )
    personal_data = models.BooleanField(_("personal data"), default=False)
    sensitive_personal_data = models.BooleanField(
        _("sensitive personal data (art. 9)"), default=False
    )
    secrecy = models.BooleanField(_("secrecy (OSL)"), default=False)
    prioritised = models.BooleanField(_("prioritised"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssetStatus.choices,
        default=AssetStatus.INVENTORIED,
    )

    objects = InformationAssetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("information asset")
        verbose_name_plural = _("information assets")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "classification:asset_detail", args=[self.organisation.code, self.pk]
        )

    @property
    def process(self) -> str:
        return " ".join(p for p in (self.process_code, self.process_name) if p)

    @property
    def owner(self) -> str:
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.username
        return self.owner_title

    def clean(self):
        if self.sensitive_personal_data and not self.personal_data:
            raise ValidationError(
                {
                    "personal_data": _(
                        "Sensitive personal data is personal data: tick both."
                    )
                }
            )


def krt(k, r, t, s=None) -> str:
    """Levels written as the city writes them: "2-2-1" (with S: "2-2-1-1")."""
    parts = [k, r, t] + ([s] if s is not None else [])
    if any(p is None for p in (k, r, t)):
        return "–"
    return "-".join(str(p) for p in parts)


class NormativeQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(retired_on__isnull=True)

    def offered_to(self, organisation):
        """What an organisation may adopt: its city's, not retired (for an
        organisation of no city, those of no city)."""
        if organisation is None:
            return self.none()
        return self.in_force().filter(municipality_id=organisation.city_id)


class NormativeClassification(models.Model):
    """A city-wide classification of a common information type, kept by the
    city level (lgsys.city); organisations adopt it instead of classifying the
    same again."""

    municipality = models.ForeignKey(
        "lgsys.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="normative_classifications",
        verbose_name=_("municipality"),
        help_text=_("The city that sets it; it applies to the city's organisations."),
    )
    name = models.CharField(_("information type"), max_length=200)
    description = BoundedTextField(_("description"), blank=True)
    k = models.PositiveSmallIntegerField(_("confidentiality"))
    r = models.PositiveSmallIntegerField(_("integrity"))
    t = models.PositiveSmallIntegerField(_("availability"))
    s = models.PositiveSmallIntegerField(_("traceability"), null=True, blank=True)
    retired_on = models.DateField(
        _("retired"),
        null=True,
        blank=True,
        help_text=_(
            "A retired normative classification is no longer offered; the "
            "classifications that followed it keep their values."
        ),
    )

    objects = NormativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("normative classification")
        verbose_name_plural = _("normative classifications")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="one_normative_per_city_name"
            )
        ]

    def __str__(self):
        return f"{self.name} ({krt(self.k, self.r, self.t, self.s)})"


def proposed_normative(asset) -> NormativeClassification | None:
    """The normative classification whose information type the asset's name or
    description names (e.g. "Personalakter" in "Personalakter i HR-systemet"),
    the most specific (longest name) when several do; one query."""
    text = f"{asset.name} {asset.description}".casefold()
    named = [
        n
        for n in NormativeClassification.objects.offered_to(asset.organisation)
        if n.name.strip() and n.name.casefold() in text
    ]
    return max(named, key=lambda n: len(n.name), default=None)


def _below(k, r, t, s) -> Q:
    """Levels below the floor ``k``-``r``-``t``(-``s``): values or F() expressions."""
    below = Q(k__lt=k) | Q(r__lt=r) | Q(t__lt=t)
    if s is not None:
        below |= Q(s__isnull=True) | Q(s__lt=s)
    return below


class ClassificationQuerySet(OrganisationQuerySet):
    def current(self):
        """Only each asset's current classification (its latest)."""
        latest = Classification.objects.filter(asset=OuterRef("asset")).order_by(
            "-classified_on", "-pk"
        )
        return self.annotate(latest_pk=Subquery(latest.values("pk")[:1])).filter(
            pk=F("latest_pk")
        )

    def below_normative(self):
        """Current classifications below the normative classification they
        follow (as it reads now: after a revision raised its floor)."""
        s_below = Q(normative__s__isnull=False) & (
            Q(s__isnull=True) | Q(s__lt=F("normative__s"))
        )
        return (
            self.current()
            .filter(normative__isnull=False)
            .filter(
                Q(k__lt=F("normative__k"))
                | Q(r__lt=F("normative__r"))
                | Q(t__lt=F("normative__t"))
                | s_below
            )
        )

    def below_floor(self, normative, *, k, r, t, s=None):
        """Current classifications following ``normative`` that would be below
        the floor ``k``-``r``-``t``(-``s``): a revision's preview (one query)."""
        return self.current().filter(normative=normative).filter(_below(k, r, t, s))


class Classification(OrganisationOwned):
    """One revision of an asset's levels; the asset's current one is the latest."""

    asset = models.ForeignKey(
        InformationAsset,
        on_delete=models.CASCADE,
        related_name="classifications",
        verbose_name=_("information asset"),
    )
    classified_on = models.DateField(_("date"), default=timezone.localdate)
    k = models.PositiveSmallIntegerField(_("confidentiality (K)"))
    r = models.PositiveSmallIntegerField(_("integrity (R)"))
    t = models.PositiveSmallIntegerField(_("availability (T)"))
    s = models.PositiveSmallIntegerField(_("traceability (S)"), null=True, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("classified by"),
    )
    participants = BoundedTextField(_("participants"), blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    notes = BoundedTextField(_("notes"), blank=True)
    normative = models.ForeignKey(
        NormativeClassification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("follows normative classification"),
    )

    objects = ClassificationQuerySet.as_manager()

    class Meta:
        ordering = ["-classified_on", "-pk"]
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        indexes = [
            # An asset's latest classification (the register's K-R-T columns,
            # the coverage figures) read from the index, not sorted per asset.
            models.Index(
                fields=["asset", "classified_on", "id"], name="classification_latest"
            )
        ]

    def __str__(self):
        return f"{self.asset} {self.krt} ({self.classified_on:%Y-%m-%d})"

    @property
    def krt(self) -> str:
        return krt(self.k, self.r, self.t, self.s)

    @property
    def protection_level(self) -> int:
        return max(v for v in (self.k, self.r, self.t, self.s) if v is not None)

    def clean(self):
        errors = {}
        if self.organisation_id:
            allowed = set(
                ScaleLevel.objects.filter(
                    organisation_id=self.organisation_id,
                    kind=ScaleLevel.Kind.CLASSIFICATION,
                ).values_list("value", flat=True)
            )
            for name in ("k", "r", "t", "s"):
                value = getattr(self, name)
                if value is not None and allowed and value not in allowed:
                    errors[name] = _(
                        "The organisation's scale has the levels %(levels)s."
                    ) % {"levels": ", ".join(str(v) for v in sorted(allowed))}
        if self.normative_id and not errors:
            norm = self.normative
            for name in ("k", "r", "t", "s"):
                floor, value = getattr(norm, name), getattr(self, name)
                if floor is not None and (value is None or value < floor):
                    errors[name] = _(
                        "The normative classification “%(name)s” sets this to at "
                        "least %(level)s: an adopting asset may raise it, never "
                        "lower it."
                    ) % {"name": norm.name, "level": floor}
        if (
            self.next_review
            and self.classified_on
            and self.next_review < self.classified_on
        ):
            errors["next_review"] = _("The next review cannot be before the date.")
        if errors:
            raise ValidationError(errors)


class RiskQuerySet(models.QuerySet):
    def with_value(self):
        """Each risk with its value and its band's label and colour (one query)."""
        band = RiskBand.objects.filter(
            organisation=OuterRef("organisation"),
            low__lte=OuterRef("value"),
            high__gte=OuterRef("value"),
        )
        return self.annotate(value=F("likelihood") * F("consequence")).annotate(
            band_label=Subquery(band.values("label")[:1]),
            band_style=Subquery(band.values("style")[:1]),
        )

    def heatmap_counts(self) -> dict:
        """{(likelihood, consequence): count} in one query."""
        rows = self.values_list("likelihood", "consequence").annotate(n=Count("pk"))
        return {(lk, c): n for lk, c, n in rows}


class Risk(OrganisationOwned):
    class Source(models.TextChoices):
        CLASSIFICATION = "klassning", _("Information classification")
        GDPR = "gdpr", _("GDPR annual report")
        RSA = "rsa", _("RSA")
        VOR_IKP = "vor_ikp", _("VoR/IKP")
        AUDIT = "revision", _("Audit")
        INCIDENT = "incident", _("Incident")
        WORLD = "omvarld", _("Changes in the world")

    class Treatment(models.TextChoices):
        REDUCE = "reducera", _("Reduce")
        ACCEPT = "acceptera", _("Accept")
        AVOID = "undvika", _("Avoid")
        TRANSFER = "overfora", _("Transfer")

    class Status(models.TextChoices):
        OPEN = "oppen", _("Open")
        TREATING = "behandlas", _("Being treated")
        ACCEPTED = "accepterad", _("Accepted")
        CLOSED = "stangd", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    description = BoundedTextField(_("description"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=Source.choices,
        default=Source.CLASSIFICATION,
    )
    assets = models.ManyToManyField(
        InformationAsset, blank=True, related_name="risks", verbose_name=_("assets")
    )
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), default=1)
    consequence = models.PositiveSmallIntegerField(_("consequence"), default=1)
    treatment = models.CharField(
        _("treatment"), max_length=20, choices=Treatment.choices, blank=True
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("risk owner"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), null=True, blank=True
    )
    residual_consequence = models.PositiveSmallIntegerField(
        _("residual consequence"), null=True, blank=True
    )
    identified_on = models.DateField(_("identified"), default=timezone.localdate)
    next_review = models.DateField(_("next review"), null=True, blank=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.organisation_id:
            levels = {
                kind: set(values)
                for kind, values in _scale_values(self.organisation_id).items()
            }
            pairs = (
                ("likelihood", ScaleLevel.Kind.LIKELIHOOD),
                ("consequence", ScaleLevel.Kind.CONSEQUENCE),
                ("residual_likelihood", ScaleLevel.Kind.LIKELIHOOD),
                ("residual_consequence", ScaleLevel.Kind.CONSEQUENCE),
            )
            for name, kind in pairs:
                value, allowed = getattr(self, name), levels.get(kind)
                if value is not None and allowed and value not in allowed:
                    errors[name] = _(
                        "The organisation's scale has the levels %(levels)s."
                    ) % {"levels": ", ".join(str(v) for v in sorted(allowed))}
        if (self.residual_likelihood is None) != (self.residual_consequence is None):
            errors.setdefault(
                "residual_consequence",
                _("Give residual likelihood and consequence together, or neither."),
            )
        if errors:
            raise ValidationError(errors)


def _scale_values(organisation_id) -> dict:
    values: dict = {}
    for kind, value in ScaleLevel.objects.filter(
        organisation_id=organisation_id
    ).values_list("kind", "value"):
        values.setdefault(kind, []).append(value)
    return values


class ThresholdAnalysis(OrganisationOwned):
    """Tröskelanalys: the nine EDPB/IMY criteria; two or more call for a DPIA."""

    CRITERIA = (
        "evaluation",
        "automated_decisions",
        "monitoring",
        "sensitive_data",
        "large_scale",
        "matching",
        "vulnerable_subjects",
        "innovative_technology",
        "prevents_rights",
    )

    class DpiaStatus(models.TextChoices):
        NOT_NEEDED = "ej_aktuell", _("Not needed")
        NOT_STARTED = "ej_paborjad", _("Not started")
        IN_PROGRESS = "pagar", _("In progress")
        DONE = "klar", _("Done")

    asset = models.ForeignKey(
        InformationAsset,
        on_delete=models.CASCADE,
        related_name="threshold_analyses",
        verbose_name=_("information asset"),
    )
    analysed_on = models.DateField(_("date"), default=timezone.localdate)
    evaluation = models.BooleanField(_("evaluation or scoring"), default=False)
    automated_decisions = models.BooleanField(
        _("automated decisions with legal or similar effect"), default=False
    )
    monitoring = models.BooleanField(_("systematic monitoring"), default=False)
    sensitive_data = models.BooleanField(
        _("sensitive data or data of a highly personal nature"), default=False
    )
    large_scale = models.BooleanField(
        _("data processed on a large scale"), default=False
    )
    matching = models.BooleanField(_("matching or combining data sets"), default=False)
    vulnerable_subjects = models.BooleanField(
        _("data concerning vulnerable data subjects"), default=False
    )
    innovative_technology = models.BooleanField(
        _("innovative use or new technology"), default=False
    )
    prevents_rights = models.BooleanField(
        _("prevents data subjects from exercising a right or using a service"),
        default=False,
    )
    dpia_status = models.CharField(
        _("DPIA status"),
        max_length=20,
        choices=DpiaStatus.choices,
        default=DpiaStatus.NOT_STARTED,
    )
    dpia_on = models.DateField(_("DPIA date"), null=True, blank=True)

    class Meta:
        ordering = ["-analysed_on", "-pk"]
        verbose_name = _("threshold analysis")
        verbose_name_plural = _("threshold analyses")

    def __str__(self):
        return f"{self.asset} ({self.analysed_on:%Y-%m-%d})"

    @property
    def criteria_met(self) -> int:
        return sum(bool(getattr(self, name)) for name in self.CRITERIA)

    @property
    def dpia_needed(self) -> bool:
        return self.criteria_met >= 2
