"""The register of a large organisation, for ``manage.py seed_large``.

Rows are created in bulk with their history rows (simple-history's
bulk_create_with_history), so every record has a real "created" history row;
classifications come in revisions, risks point to assets, systems hold assets.
"""

from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from classification.models import (
    AssetStatus,
    Classification,
    InformationAsset,
    Risk,
    System,
    ThresholdAnalysis,
)

PROCESSES = [
    ("1.1", "Styrning och ledning"),
    ("1.2", "Verksamhetsplanering och uppföljning"),
    ("2.1", "Personaladministration"),
    ("2.2", "Löneadministration"),
    ("2.3", "Rekrytering"),
    ("3.1", "Ekonomiadministration"),
    ("3.2", "Upphandling och avtal"),
    ("4.1", "Ärendehantering och diarieföring"),
    ("4.2", "Arkivering"),
    ("5.1", "Bidragsgivning"),
    ("5.2", "Utlåning"),
    ("5.3", "Evenemang och programverksamhet"),
    ("6.1", "Kommunikation och webb"),
    ("6.2", "Synpunkter och klagomål"),
    ("7.1", "Lokalförsörjning"),
    ("7.2", "IT-förvaltning"),
]
SUBJECTS = [
    "Personalakter",
    "Lönespecifikationer",
    "Ansökningar",
    "Beslut",
    "Avtal",
    "Fakturor",
    "Låntagaruppgifter",
    "Bokningar",
    "Deltagarlistor",
    "Synpunkter",
    "Diarieförda handlingar",
    "Bildarkiv",
    "Kundregister",
    "Besöksstatistik",
    "Samtalsanteckningar",
    "Rehabiliteringsärenden",
    "Behörighetslistor",
    "Loggar",
    "E-post",
    "Webbpubliceringar",
]
QUALIFIERS = ["", " – digitala", " – pappersarkiv", " (äldre)", " – extern part"]
SYSTEM_NAMES = [
    "Public 360",
    "Heroma",
    "Agresso",
    "Raindance",
    "Quria",
    "Sitevision",
    "Office 365",
    "Lime CRM",
    "TimeEdit",
    "Primula",
    "Winess",
    "Ciceron",
    "Platina",
    "Treserva",
    "Qlik Sense",
]
SUPPLIERS = ["Tieto Evry", "CGI", "Visma", "Microsoft", "Axiell", "Sitevision AB"]
THREATS = [
    "Obehörig åtkomst till",
    "Förlust av",
    "Felaktig registrering i",
    "Otillgänglighet för",
    "Oavsiktligt röjande av",
    "Manipulation av",
    "Bristande gallring av",
    "Felsänd e-post med",
]
CAUSES = [
    "på grund av delade konton",
    "vid driftstörning hos leverantören",
    "genom nätfiske",
    "vid byte av system",
    "på grund av bristande behörighetsstyrning",
    "vid distansarbete",
    "genom felaktig konfiguration",
    "vid hantering på papper",
]


def seed(ctx) -> None:
    rng, org, today = ctx.rng, ctx.organisation, date.today()
    user = ctx.coordinator
    n_assets = ctx.counts.get("assets", 0)
    n_risks = ctx.counts.get("risks", 0)

    systems = bulk_create_with_history(
        [
            System(
                organisation=org,
                name=f"{name} {i // len(SYSTEM_NAMES) + 1}"
                if i >= len(SYSTEM_NAMES)
                else name,
                owner_title=rng.choice(["systemägare", "enhetschef", "IT-chef"]),
                supplier=rng.choice(SUPPLIERS),
                hosting=rng.choice(["egen", "stadens", "eu_moln"]),
            )
            for i, name in enumerate(SYSTEM_NAMES * 4)
        ],
        System,
        batch_size=500,
        default_user=user,
    )
    systems = list(System.objects.filter(organisation=org))

    assets = []
    for i in range(n_assets):
        code, process = rng.choice(PROCESSES)
        owner = rng.choice(ctx.owners)
        personal = rng.random() < 0.6
        assets.append(
            InformationAsset(
                organisation=org,
                name=f"{rng.choice(SUBJECTS)}{rng.choice(QUALIFIERS)} {i + 1}",
                description=f"Uppgifter som hanteras inom {process.lower()}.",
                process_code=f"{code}.{rng.randint(1, 9)}",
                process_name=process,
                owner_user=owner,
                owner_title=rng.choice(["enhetschef", "avdelningschef", ""]),
                system_owner=rng.choice(["IT-chef", "systemförvaltare", ""]),
                personal_data=personal,
                sensitive_personal_data=personal and rng.random() < 0.15,
                secrecy=rng.random() < 0.2,
                prioritised=rng.random() < 0.15,
                status=rng.choice(list(AssetStatus.values)),
            )
        )
    bulk_create_with_history(
        assets, InformationAsset, batch_size=500, default_user=user
    )
    assets = list(InformationAsset.objects.filter(organisation=org).order_by("pk"))
    through = InformationAsset.systems.through
    through.objects.bulk_create(
        [
            through(informationasset_id=a.pk, system_id=s.pk)
            for a in assets
            for s in rng.sample(systems, rng.randint(1, 2))
        ],
        batch_size=2000,
    )

    classifications = []
    for asset in assets:
        if asset.status == AssetStatus.INVENTORIED and rng.random() < 0.7:
            continue
        start = today - timedelta(days=rng.randint(400, 1500))
        for revision in range(rng.randint(1, 3)):
            on = start + timedelta(days=365 * revision + rng.randint(0, 60))
            if on > today:
                break
            classifications.append(
                Classification(
                    organisation=org,
                    asset=asset,
                    classified_on=on,
                    k=rng.randint(0, 4),
                    r=rng.randint(1, 3),
                    t=rng.randint(1, 3),
                    classified_by=user,
                    participants="Informationsägare, systemförvaltare, "
                    "informationssäkerhetssamordnare",
                    next_review=on + timedelta(days=rng.choice([365, 730, 1095])),
                )
            )
    bulk_create_with_history(
        classifications, Classification, batch_size=1000, default_user=user
    )

    risks = []
    for _ in range(n_risks):
        asset = rng.choice(assets)
        likelihood, consequence = rng.randint(1, 4), rng.randint(1, 4)
        risks.append(
            Risk(
                organisation=org,
                title=f"{rng.choice(THREATS)} {asset.name.lower()} "
                f"{rng.choice(CAUSES)}"[:200],
                description="Identifierad vid informationsklassning.",
                source=rng.choice([c for c, _ in Risk.Source.choices]),
                likelihood=likelihood,
                consequence=consequence,
                treatment=rng.choice([c for c, _ in Risk.Treatment.choices]),
                owner_user=rng.choice(ctx.owners),
                status=rng.choice([c for c, _ in Risk.Status.choices]),
                residual_likelihood=max(1, likelihood - 1),
                residual_consequence=consequence,
                identified_on=today - timedelta(days=rng.randint(0, 1500)),
                next_review=today + timedelta(days=rng.randint(-200, 700)),
            )
        )
    bulk_create_with_history(risks, Risk, batch_size=1000, default_user=user)
    risk_ids = list(Risk.objects.filter(organisation=org).values_list("pk", flat=True))
    risk_through = Risk.assets.through
    risk_through.objects.bulk_create(
        [
            risk_through(risk_id=risk_id, informationasset_id=rng.choice(assets).pk)
            for risk_id in risk_ids
        ],
        batch_size=2000,
    )

    bulk_create_with_history(
        [
            ThresholdAnalysis(
                organisation=org,
                asset=asset,
                analysed_on=today - timedelta(days=rng.randint(0, 900)),
                sensitive_data=asset.sensitive_personal_data,
                large_scale=rng.random() < 0.3,
                monitoring=rng.random() < 0.1,
                dpia_status=rng.choice(
                    [
                        c
                        for c, _ in ThresholdAnalysis._meta.get_field(
                            "dpia_status"
                        ).choices
                    ]
                ),
            )
            for asset in assets
            if asset.personal_data and rng.random() < 0.5
        ],
        ThresholdAnalysis,
        batch_size=1000,
        default_user=user,
    )
