"""The action plan of a large organisation (``manage.py seed_large``): the areas
of the reference's plan and actions spread over three years."""

from datetime import date

from simple_history.utils import bulk_create_with_history

from actions.models import Action, ActionArea, ActionStatus, Priority

AREAS = [
    "Styrning och ledning",
    "Informationsklassning och riskhantering",
    "Dataskydd",
    "Kompetens och medvetenhet",
    "Incidenthantering och kontinuitet",
    "Leverantörer och avtal",
]
VERBS = ["Ta fram", "Genomföra", "Följa upp", "Uppdatera", "Införa", "Utbilda i"]
OBJECTS = [
    "rutin för behörighetsgranskning",
    "informationsklassning av prioriterade system",
    "kontinuitetsplan för kritiska verksamheter",
    "personuppgiftsbiträdesavtal",
    "incidentrutin",
    "grundkurs i informationssäkerhet",
    "loggranskning",
    "riskanalys inför systembyte",
]


def seed(ctx) -> None:
    rng, org, user = ctx.rng, ctx.organisation, ctx.coordinator
    bulk_create_with_history(
        [
            ActionArea(organisation=org, title=title, order=i + 1)
            for i, title in enumerate(AREAS)
        ],
        ActionArea,
        default_user=user,
    )
    areas = list(ActionArea.objects.filter(organisation=org))
    year = date.today().year
    actions = []
    for i in range(ctx.counts.get("actions", 0)):
        start = rng.randint(year - 1, year + 1)
        actions.append(
            Action(
                organisation=org,
                area=rng.choice(areas),
                text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                responsible_title=rng.choice(
                    ["förvaltningschef", "avdelningschef", "IT-chef", "HR-chef"]
                ),
                responsible_user=rng.choice(ctx.owners),
                start_year=start,
                end_year=start + rng.randint(0, 2),
                status=rng.choice(list(ActionStatus.values)),
                priority=rng.choice(list(Priority.values)),
                order=i + 1,
            )
        )
    bulk_create_with_history(actions, Action, batch_size=500, default_user=user)
