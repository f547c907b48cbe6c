"""Every write to the register: information assets, classifications, risks,
systems and threshold analyses.

The rules live here, not in the pages: an information owner changes only the
assets they own (and their classifications) and never deletes; a classification
that follows a normative one keeps its floor unless the coordinator unlinks it on
purpose, with a reason that lands in the history; a deletion is refused while
other records depend on what would be deleted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from classification import scales
from classification.models import (
    AssetStatus,
    Classification,
    InformationAsset,
    NormativeClassification,
    Risk,
    RiskBand,
    ScaleLevel,
    System,
    ThresholdAnalysis,
)
from lgsys import reasons
from lgsys import services as core
from lgsys.city.services import city_member
from lgsys.models import Capability, CityCapability

reasons.define(
    normative_created=gettext_lazy("normative classification created"),
    normative_revised=gettext_lazy("normative classification revised"),
    normative_retired=gettext_lazy("normative classification retired"),
    normative_unlinked=gettext_lazy("unlinked from its normative classification"),
    status_classified=gettext_lazy("classified: status follows the classification"),
)

EDITORS = (Capability.EDIT, Capability.EDIT_OWN_ASSETS)


def _may_edit_asset(membership, asset: InformationAsset | None, by) -> None:
    """The coordinator edits every asset; an owner only the ones they own."""
    if membership.can(Capability.EDIT):
        return
    if asset is None or asset.owner_user_id != by.pk:
        raise PermissionDenied


# Information assets ------------------------------------------------------------


@transaction.atomic
def asset_create(
    *, asset: InformationAsset, by, m2m: dict | None = None
) -> InformationAsset:
    core.member(by, asset.organisation, Capability.EDIT)
    return core.save_new(asset, by=by, reason=reasons.reason("created"), m2m=m2m)


@transaction.atomic
def asset_update(
    *,
    asset: InformationAsset,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> InformationAsset:
    """Change an asset; ``reason`` is the user's words for the history."""
    membership = core.member(by, asset.organisation, *EDITORS)

    def check(current: InformationAsset) -> None:
        _may_edit_asset(membership, current, by)
        if (
            not membership.can(Capability.EDIT)
            and asset.owner_user_id != current.owner_user_id
        ):
            raise ValidationError(
                {
                    "owner_user": _(
                        "Only the information security coordinator hands an asset "
                        "to another owner."
                    )
                },
                code="owner_change",
            )

    return core.save_change(
        asset,
        by=by,
        version=version,
        reason=reasons.reason("changed", reason),
        m2m=m2m,
        check=check,
    )


def asset_delete_blockers(asset: InformationAsset) -> list[str]:
    risks = [str(r) for r in asset.risks.all()[:5]]
    if not risks:
        return []
    return [
        _(
            "Risks point to this information asset: %(risks)s. Remove the asset "
            "from those risks first, so no risk loses what it concerns."
        )
        % {"risks": "; ".join(risks)}
    ]


@transaction.atomic
def asset_delete(*, asset: InformationAsset, by) -> None:
    """Deleting an asset (and with it its classifications) is the coordinator's."""
    core.member(by, asset.organisation, Capability.EDIT)
    blockers = asset_delete_blockers(asset)
    if blockers:
        raise ValidationError(blockers, code="has_risks")
    for classification in asset.classifications.all():
        core.delete(classification, by=by, reason=reasons.reason("deleted"))
    for analysis in asset.threshold_analyses.all():
        core.delete(analysis, by=by, reason=reasons.reason("deleted"))
    core.delete(asset, by=by, reason=reasons.reason("deleted"))


# Classifications ---------------------------------------------------------------


@transaction.atomic
def classification_create(
    *, classification: Classification, by, m2m: dict | None = None
) -> Classification:
    membership = core.member(by, classification.organisation, *EDITORS)
    _may_edit_asset(membership, classification.asset, by)
    if classification.classified_by_id is None:
        classification.classified_by = by
    saved = core.save_new(
        classification, by=by, reason=reasons.reason("created"), m2m=m2m
    )
    _mark_classified(classification.asset_id, by)
    return saved


def _mark_classified(asset_id: int, by) -> None:
    """An inventoried asset that gets a classification is classified: its status
    follows (only from "Inventerad": a later status is the coordinator's)."""
    asset = InformationAsset.objects.select_for_update().get(pk=asset_id)
    if asset.status != AssetStatus.INVENTORIED:
        return
    version = core.version_of(asset)
    asset.status = AssetStatus.CLASSIFIED
    core.save_change(
        asset, by=by, version=version, reason=reasons.reason("status_classified")
    )


@transaction.atomic
def classification_update(
    *,
    classification: Classification,
    by,
    version: dict | None,
    m2m: dict | None = None,
    unlink_reason: str = "",
    reason: str = "",
) -> Classification:
    """Change a classification (``reason``: the user's words for the history).
    Leaving the normative classification it followed is the coordinator's
    deliberate act: it needs ``unlink_reason``, which becomes the history's
    reason. A value below a floor is never stored otherwise (the model's clean
    refuses it while the link stands)."""
    membership = core.member(by, classification.organisation, *EDITORS)
    unlink_reason = " ".join((unlink_reason or "").split())

    def check(current: Classification) -> str | None:
        _may_edit_asset(membership, current.asset, by)
        _may_edit_asset(membership, classification.asset, by)
        unlinking = (
            current.normative_id is not None
            and classification.normative_id != current.normative_id
        )
        if not unlinking:
            return None
        if not membership.can(Capability.EDIT):
            raise ValidationError(
                {
                    "normative": _(
                        "Only the information security coordinator may unlink a "
                        "classification from its normative classification."
                    )
                },
                code="owner_unlink",
            )
        if not unlink_reason:
            raise ValidationError(
                {
                    "unlink_reason": _(
                        "This classification follows “%(name)s”. Write why it no "
                        "longer does: the reason is kept in the history."
                    )
                    % {"name": current.normative.name}
                },
                code="unlink_reason_required",
            )
        return reasons.reason("normative_unlinked", unlink_reason)

    return core.save_change(
        classification,
        by=by,
        version=version,
        reason=reasons.reason("changed", reason),
        m2m=m2m,
        check=check,
    )


@transaction.atomic
def classification_delete(*, classification: Classification, by) -> None:
    core.member(by, classification.organisation, Capability.EDIT)
    core.delete(classification, by=by, reason=reasons.reason("deleted"))


# Import --------------------------------------------------------------------


@transaction.atomic
def import_rows(
    *, rows: list[tuple[InformationAsset, Classification | None]], by
) -> None:
    """Store an import's validated rows (each an asset and, if given, its first
    classification), all or nothing."""
    if rows:
        core.member(by, rows[0][0].organisation, Capability.EDIT)
    imported = reasons.reason("imported")
    for asset, classification in rows:
        if classification is not None and asset.status == AssetStatus.INVENTORIED:
            asset.status = AssetStatus.CLASSIFIED  # as classification_create does
        core.save_new(asset, by=by, reason=imported)
        if classification is not None:
            classification.asset = asset
            core.save_new(classification, by=by, reason=imported)


# Risks, systems, threshold analyses ---------------------------------------------


@transaction.atomic
def risk_create(*, risk: Risk, by, m2m: dict | None = None) -> Risk:
    return core.edit_create(risk, by=by, m2m=m2m)


@transaction.atomic
def risk_update(
    *,
    risk: Risk,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> Risk:
    return core.edit_update(risk, by=by, version=version, m2m=m2m, reason=reason)


@transaction.atomic
def risk_delete(*, risk: Risk, by) -> None:
    core.edit_delete(risk, by=by)


@transaction.atomic
def system_create(*, system: System, by, m2m: dict | None = None) -> System:
    return core.edit_create(system, by=by, m2m=m2m)


@transaction.atomic
def system_update(
    *,
    system: System,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> System:
    return core.edit_update(system, by=by, version=version, m2m=m2m, reason=reason)


@transaction.atomic
def system_delete(*, system: System, by) -> None:
    core.edit_delete(system, by=by)


@transaction.atomic
def threshold_create(
    *, threshold: ThresholdAnalysis, by, m2m: dict | None = None
) -> ThresholdAnalysis:
    return core.edit_create(threshold, by=by, m2m=m2m)


@transaction.atomic
def threshold_update(
    *,
    threshold: ThresholdAnalysis,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> ThresholdAnalysis:
    return core.edit_update(threshold, by=by, version=version, m2m=m2m, reason=reason)


@transaction.atomic
def threshold_delete(*, threshold: ThresholdAnalysis, by) -> None:
    core.edit_delete(threshold, by=by)


# Scales ----------------------------------------------------------------------


@transaction.atomic
def scales_create_defaults(*, organisation, by=None) -> None:
    """Give an organisation that has none the default scales (KLASSA 0–4, a 4 × 4
    risk matrix and its three bands)."""
    created = reasons.reason("created")
    if not ScaleLevel.objects.filter(organisation=organisation).exists():
        for kind, levels in (
            (ScaleLevel.Kind.CLASSIFICATION, scales.KLASSA),
            (ScaleLevel.Kind.LIKELIHOOD, scales.LIKELIHOOD),
            (ScaleLevel.Kind.CONSEQUENCE, scales.CONSEQUENCE),
        ):
            for value, label in levels:
                level = ScaleLevel(
                    organisation=organisation, kind=kind, value=value, label=label
                )
                core.save_new(level, by=by, reason=created)
    if not RiskBand.objects.filter(organisation=organisation).exists():
        for low, high, label, style in scales.BANDS:
            band = RiskBand(
                organisation=organisation, low=low, high=high, label=label, style=style
            )
            core.save_new(band, by=by, reason=created)


# Normative classifications (the city level's) -----------------------------------
# Only the city's information security officer writes them, each change with a
# reason of their own words. A revision never touches the organisations'
# classifications: a raised floor shows as "below the floor" on the coordinators'
# lists until they raise theirs; a lowered one changes nobody's levels.


# The city's scale for its normative classifications: KLASSA 0–4.
NORMATIVE_LEVELS = frozenset(value for value, _label in scales.KLASSA)


def _required_reason(reason: str) -> str:
    words = " ".join((reason or "").split())
    if not words:
        raise ValidationError(
            {"reason": _("Write the reason: it is kept in the history.")},
            code="reason_required",
        )
    return words


def _check_levels(normative: NormativeClassification) -> None:
    for name in ("k", "r", "t", "s"):
        value = getattr(normative, name)
        if value is not None and value not in NORMATIVE_LEVELS:
            raise ValidationError(
                {name: _("A level of the city's scale, 0 to 4.")},
                code="level_range",
            )


@transaction.atomic
def normative_create(
    *, normative: NormativeClassification, by, reason: str
) -> NormativeClassification:
    city_member(by, normative.municipality, CityCapability.EDIT)
    words = _required_reason(reason)
    normative.retired_on = None
    _check_levels(normative)
    return core.save_new(
        normative, by=by, reason=reasons.reason("normative_created", words)
    )


@transaction.atomic
def normative_revise(
    *,
    normative: NormativeClassification,
    by,
    version: dict | None,
    reason: str,
) -> NormativeClassification:
    """Change a normative classification's levels or text. Its adopters keep
    their values (a raised floor lists them as below it)."""
    city_member(by, normative.municipality, CityCapability.EDIT)
    words = _required_reason(reason)
    _check_levels(normative)

    def check(current: NormativeClassification) -> None:
        if current.municipality_id != normative.municipality_id:
            raise PermissionDenied
        if current.retired_on is not None:
            raise ValidationError(
                _("A retired normative classification cannot be revised."),
                code="retired",
            )

    return core.save_change(
        normative,
        by=by,
        version=version,
        reason=reasons.reason("normative_revised", words),
        check=check,
    )


@transaction.atomic
def normative_retire(
    *, normative: NormativeClassification, by, version: dict | None, reason: str
) -> NormativeClassification:
    """No longer offered to the organisations; those that followed it keep
    their values and their link."""
    city_member(by, normative.municipality, CityCapability.EDIT)
    words = _required_reason(reason)

    def check(current: NormativeClassification) -> None:
        if current.retired_on is not None:
            raise ValidationError(
                _("This normative classification is already retired."),
                code="retired",
            )

    normative.retired_on = timezone.localdate()
    return core.save_change(
        normative,
        by=by,
        version=version,
        reason=reasons.reason("normative_retired", words),
        check=check,
    )
