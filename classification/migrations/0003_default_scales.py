from django.db import migrations

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


def default_scales(apps, schema_editor):
    Organisation = apps.get_model("lgsys", "Organisation")
    ScaleLevel = apps.get_model("classification", "ScaleLevel")
    RiskBand = apps.get_model("classification", "RiskBand")
    for org in Organisation.objects.all():
        if not ScaleLevel.objects.filter(organisation=org).exists():
            for kind, levels in (
                ("klassning", KLASSA),
                ("sannolikhet", LIKELIHOOD),
                ("konsekvens", CONSEQUENCE),
            ):
                for value, label in levels:
                    ScaleLevel.objects.create(
                        organisation=org, kind=kind, value=value, label=label
                    )
        if not RiskBand.objects.filter(organisation=org).exists():
            for low, high, label, style in BANDS:
                RiskBand.objects.create(
                    organisation=org, low=low, high=high, label=label, style=style
                )


class Migration(migrations.Migration):
    dependencies = [("classification", "0002_register"), ("lgsys", "0001_initial")]

    operations = [migrations.RunPython(default_scales, migrations.RunPython.noop)]
