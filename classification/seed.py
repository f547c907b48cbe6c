"""The register of a large organisation, for ``manage.py seed_large``.

Rows are created in bulk with their history rows (simple-history's
bulk_create_with_history), so every record has a real "created" history row;
classifications come in revisions, risks point to assets, systems hold assets.
"""

from datetime import timedelta

from simple_history.utils import bulk_create_with_history

from classification.models import (
    AssetStatus,
    Classification,
    InformationAsset,
    Risk,
    System,
    ThresholdAnalysis,
)
from lgsys.seed import ORG_START, YEARS, created_on, day_between

DPIA_STATUSES = [c for c, _ in ThresholdAnalysis._meta.get_field("dpia_status").choices]

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
    rng, org, today = ctx.rng, ctx.organisation, ctx.today
    first_day = today - timedelta(days=365 * YEARS)
    user = ctx.coordinator
    n_assets = ctx.counts.get("assets", 0)
    n_risks = ctx.counts.get("risks", 0)

    systems = bulk_create_with_history(
        [
            created_on(
                System(
                    organisation=org,
                    name=f"{name} {i // len(SYSTEM_NAMES) + 1}"
                    if i >= len(SYSTEM_NAMES)
                    else name,
                    owner_title=rng.choice(["systemägare", "enhetschef", "IT-chef"]),
                    supplier=rng.choice(SUPPLIERS),
                    hosting=rng.choice(["egen", "stadens", "eu_moln"]),
                ),
                ORG_START + timedelta(days=i),
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
        asset = created_on(
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
            ),
            day_between(rng, first_day, today - timedelta(days=30)),
        )
        assets.append(asset)
    inventoried = {i: a._history_date.date() for i, a in enumerate(assets)}
    bulk_create_with_history(
        assets, InformationAsset, batch_size=500, default_user=user
    )
    assets = list(InformationAsset.objects.filter(organisation=org).order_by("pk"))
    for i, asset in enumerate(assets):
        asset.inventoried_on = inventoried[i]
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
        start = asset.inventoried_on + timedelta(days=rng.randint(0, 60))
        for revision in range(rng.randint(1, 3)):
            on = start + timedelta(days=365 * revision + rng.randint(0, 60))
            if on > today:
                break
            classification = created_on(
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
                ),
                on,
            )
            classifications.append(classification)
    bulk_create_with_history(
        classifications, Classification, batch_size=1000, default_user=user
    )

    risks, risk_assets = [], []
    for _ in range(n_risks):
        asset = rng.choice(assets)
        likelihood, consequence = rng.randint(1, 4), rng.randint(1, 4)
        identified = day_between(rng, asset.inventoried_on)
        risk = created_on(
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
                identified_on=identified,
                next_review=today + timedelta(days=rng.randint(-200, 700)),
            ),
            identified,
        )
        risks.append(risk)
        risk_assets.append(asset.pk)
    bulk_create_with_history(risks, Risk, batch_size=1000, default_user=user)
    risk_ids = Risk.objects.filter(organisation=org).order_by("pk")
    risk_through = Risk.assets.through
    risk_through.objects.bulk_create(
        [
            # The asset the risk was identified for (after its inventory).
            risk_through(risk_id=risk_id, informationasset_id=asset_id)
            for risk_id, asset_id in zip(
                risk_ids.values_list("pk", flat=True), risk_assets, strict=True
            )
        ],
        batch_size=2000,
    )

    analyses = []
    for asset in assets:
        if not (asset.personal_data and rng.random() < 0.5):
            continue
        analysed = day_between(rng, asset.inventoried_on)
        analyses.append(
            created_on(
                ThresholdAnalysis(
                    organisation=org,
                    asset=asset,
                    analysed_on=analysed,
                    sensitive_data=asset.sensitive_personal_data,
                    large_scale=rng.random() < 0.3,
                    monitoring=rng.random() < 0.1,
                    dpia_status=rng.choice(DPIA_STATUSES),
                ),
                analysed,
            )
        )
    bulk_create_with_history(
        analyses, ThresholdAnalysis, batch_size=1000, default_user=user
    )
