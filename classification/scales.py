"""Each organisation's scales, created with the organisation (KLASSA 0–4 and a
4 × 4 risk matrix by default); superusers edit them in the admin."""

from django.db import transaction

KLASSA = [
    (0, "Ingen eller försumbar skada"),
    (1, "Måttlig skada"),
    (2, "Betydande skada"),
    (3, "Allvarlig skada"),
    (4, "Synnerligen allvarlig skada"),
]
LIKELIHOOD = [(1, "Osannolik"), (2, "Möjlig"), (3, "Sannolik"), (4, "Mycket sannolik")]
CONSEQUENCE = [(1, "Begränsad"), (2, "Måttlig"), (3, "Betydande"), (4, "Allvarlig")]
BANDS = [(1, 3, "Låg", "ok"), (4, 8, "Medel", "warn"), (9, 16, "Hög", "danger")]


@transaction.atomic
def ensure_default_scales(organisation) -> None:
    """Create the default scales of an organisation that has none."""
    from classification.models import RiskBand, ScaleLevel

    if not ScaleLevel.objects.filter(organisation=organisation).exists():
        for kind, levels in (
            (ScaleLevel.Kind.CLASSIFICATION, KLASSA),
            (ScaleLevel.Kind.LIKELIHOOD, LIKELIHOOD),
            (ScaleLevel.Kind.CONSEQUENCE, CONSEQUENCE),
        ):
            for value, label in levels:
                ScaleLevel.objects.create(
                    organisation=organisation, kind=kind, value=value, label=label
                )
    if not RiskBand.objects.filter(organisation=organisation).exists():
        for low, high, label, style in BANDS:
            RiskBand.objects.create(
                organisation=organisation, low=low, high=high, label=label, style=style
            )


def on_organisation_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_default_scales(instance)


def band_for(value: int, bands) -> object | None:
    return next((b for b in bands if b.low <= value <= b.high), None)
