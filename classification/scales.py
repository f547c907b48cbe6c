"""Each organisation's scales, created with the organisation (KLASSA 0–4 and a
4 × 4 risk matrix by default, by ``services.scales_create_defaults``); superusers
edit them in the admin."""

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


def on_organisation_saved(sender, instance, created, raw=False, **kwargs):
    from classification.services import scales_create_defaults

    if created and not raw:
        scales_create_defaults(organisation=instance)


def band_for(value: int, bands) -> object | None:
    return next((b for b in bands if b.low <= value <= b.high), None)
