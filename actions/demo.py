"""Demo: the action plan of Kulturförvaltningen's 2023 review (section 1.3.1–1.3.3
of the reference report, word for word), plus a few actions of the 2022 plan, so the
carry-over section (ISO 27001 9.3.2 a) has something to report. Which review
decided which action is the reviews' to say (reviews/demo_decisions.py)."""

from actions.models import Action, ActionArea, ActionStatus, Priority
from lgsys.demo import DemoContext, ensure

COORDINATOR = "informationssäkerhetssamordnare"

# (area title, intro, [(start, end, text), ...]); end None = open-ended.
PLAN_2023 = [
    (
        "Uppdatera lokal anvisning",
        "En första version av lokal anvisning för informationssäkerhet har arbetats "
        "fram under 2023. Årliga revisioner föreslås för att kontinuerligt "
        "vidareutveckla arbetssätt och rutiner.",
        [
            (
                2024,
                2024,
                "Vidareutveckling av lokal anvisning, exempelvis förtydligande "
                "av organisationen och rutinen för tröskelanalys och vid behov "
                "konsekvensbedömning",
            ),
            (
                2025,
                2026,
                "Fortsatt vidareutveckling av lokal anvisning för informationssäkerhet",
            ),
            (
                2025,
                2026,
                "Skapa en planering för återkommande översyner över rutiner "
                "som inventering av personuppgiftsbehandlingar i registerförteckningen, "
                "registerutdrag och incidenthantering.",
            ),
            (
                2025,
                2026,
                "Översyn av processen för hantering av incidenter i samband "
                "med ev införande av nytt verktyg för incidenthantering inom staden.",
            ),
        ],
    ),
    (
        "Kompetenshöjning och kommunikation",
        "Kulturförvaltningen följer löpande upp deltagandet i obligatoriska "
        "grundkurser i informationssäkerhet respektive dataskydd.",
        [
            (
                2024,
                2024,
                "Utbildnings- och informationsinsatser gentemot nyckelroller "
                "som systemansvariga, projektledare, system- och informationsägare inom "
                "ramen för projektet Digitalt kompetenslyft. Informationssäkerhet är ett "
                "prioriterat område 2024, med särskilt fokus på rollen som informations- "
                "och systemägare.",
            ),
            (
                2024,
                2024,
                "Uppföljning av deltagandet i stadens nya gemensamma "
                "e-utbildningar i informationssäkerhet och dataskydd",
            ),
            (
                2025,
                2026,
                "Vidareutveckla arbetet med ”ledningens genomgång” genom att "
                "involvera informationsägare löpande under året och höja medvetenheten om "
                "såväl risker som pågående åtgärder inom det egna ansvarsområdet.",
            ),
            (
                2026,
                2026,
                "Etablera en process för kontinuerliga utbildningar i "
                "informationssäkerhet efter att projektet Digitalt kompetenslyft "
                "avslutats.",
            ),
        ],
    ),
    (
        "Inventering och informationsklassning",
        "Inventering och klassning av information är framför allt ett löpande "
        "arbete, men under de kommande åren planeras även en rad förbättringsåtgärder "
        "och fokusområden.",
        [
            (
                2024,
                2024,
                "Revision av informationsklassningar av prioriterade "
                "informationsmängder, med fokus på uppföljning av riskhantering och "
                "handlingsplaner för att etablera ett systematiskt och riskbaserat "
                "löpande informationssäkerhetsarbete.",
            ),
            (
                2024,
                2024,
                "Förberedande arbete inför upphandling av nytt "
                "bibliotekssystem, som stödjer en av förvaltningens mest skyddsvärda "
                "informationsmängder.",
            ),
            (
                2024,
                2024,
                "Förenkla processen för tröskelanalyser och därigenom "
                "identifiera behov av konsekvensbedömningar enligt GDPR.",
            ),
            (
                2025,
                2025,
                "Löpande översyn av befintliga informationsklassningar, "
                "handlingsplaner och riskbedömningar.",
            ),
            (
                2025,
                2025,
                "Förbättrad hantering av förvaltningsgemensamma "
                "säkerhetskrav och kontroller som återkommer i handlingsplaner för olika "
                "verksamhetsprocesser och system, till exempel generella rutiner för "
                "behörighetshantering.",
            ),
            (
                2025,
                2025,
                "Vidareutveckla processen för risk- och konsekvensbedömningar, "
                "inklusive förberedande tröskelanalyser.",
            ),
            (
                2026,
                None,
                "Löpande översyn av befintliga informationsklassningar, "
                "handlingsplaner, riskbedömningar och konsekvensbedömningar.",
            ),
            (
                2026,
                None,
                "Arbeta för att samtliga processer inkluderar "
                "informationssäkerhet som en naturlig del",
            ),
        ],
    ),
]

# Decided in the 2022 review: (area index, start, end, text, status, follow-up).
PLAN_2022 = [
    (
        0,
        2023,
        2023,
        "Ta fram en första version av lokal anvisning för informationssäkerhet.",
        ActionStatus.DONE,
        "Anvisningen beslutades under 2023.",
    ),
    (
        1,
        2023,
        2023,
        "Följa upp att samtliga medarbetare genomfört grundkursen i "
        "informationssäkerhet.",
        ActionStatus.CONTINUOUS,
        "Uppföljningen görs löpande varje kvartal.",
    ),
    (
        2,
        2023,
        2023,
        "Informationsklassa förvaltningens prioriterade informationsmängder.",
        ActionStatus.DELAYED,
        "Flera prioriterade informationsmängder återstår att klassa; arbetet "
        "fortsätter 2024.",
    ),
]


def load(ctx: DemoContext) -> None:
    org = ctx.organisation
    by = ctx.users.get("samordnare")
    areas = []
    for position, (title, intro, actions) in enumerate(PLAN_2023, start=1):
        area = ensure(
            ActionArea,
            {"organisation": org, "title": title},
            {"intro": intro, "order": position * 10},
            user=by,
        )
        areas.append(area)
        for order, (start, end, text) in enumerate(actions, start=1):
            ensure(
                Action,
                {"organisation": org, "area": area, "text": text},
                {
                    "start_year": start,
                    "end_year": end,
                    "order": order * 10,
                    "responsible_title": COORDINATOR,
                    "status": ActionStatus.NOT_STARTED,
                    "priority": Priority.MEDIUM,
                },
                user=by,
            )
    for order, (area_index, start, end, text, status, note) in enumerate(
        PLAN_2022, start=1
    ):
        ensure(
            Action,
            {"organisation": org, "area": areas[area_index], "text": text},
            {
                "start_year": start,
                "end_year": end,
                "order": 100 + order * 10,
                "responsible_title": COORDINATOR,
                "status": status,
                "priority": Priority.HIGH,
                "follow_up": note,
            },
            user=by,
        )
