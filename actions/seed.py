"""The action plan of a large organisation (``manage.py seed_large``): the areas
of the reference's plan and actions spread over three years."""

from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from actions.models import Action, ActionArea, ActionStatus, Priority
from lgsys.seed import ORG_START, created_on, day_between

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
            created_on(
                ActionArea(organisation=org, title=title, order=i + 1),
                ORG_START + timedelta(days=30, minutes=i),
            )
            for i, title in enumerate(AREAS)
        ],
        ActionArea,
        default_user=user,
    )
    areas = list(ActionArea.objects.filter(organisation=org))
    year = ctx.today.year
    actions = []
    for i in range(ctx.counts.get("actions", 0)):
        start = rng.randint(year - 1, year + 1)
        # Planned in the autumn before its first year (or, for this year's
        # actions, during the year so far).
        planned = day_between(
            rng, date(start - 1, 9, 1), min(date(start - 1, 12, 31), ctx.today)
        )
        actions.append(
            created_on(
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
                ),
                planned,
            )
        )
    bulk_create_with_history(actions, Action, batch_size=500, default_user=user)
