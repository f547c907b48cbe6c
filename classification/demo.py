"""Demo: Kulturförvaltningen's register as the 2023 report implies it: prioritised
information assets (among them the library system's borrower register, "en av
förvaltningens mest skyddsvärda informationsmängder"), their classifications,
some adopting the city's normative classifications, the RSA's risks and risks
from classification, and a few threshold analyses."""

from datetime import date

from classification.models import (
    AssetStatus,
    Classification,
    InformationAsset,
    NormativeClassification,
    Risk,
    System,
    ThresholdAnalysis,
)
from lgsys.demo import DemoContext, ensure, ensure_m2m

NORMATIVE = [
    ("E-post", "Stadens e-post i Microsoft 365.", 2, 2, 2, None),
    ("Personalakter", "Uppgifter om anställda i personalakten.", 3, 3, 1, None),
]

SYSTEMS = [
    (
        "Bibliotekssystemet",
        "Systemförvaltare, Stockholms stadsbibliotek",
        "Axiell Sverige AB",
        System.Hosting.CITY,
        "",
    ),
    (
        "Stadens e-post",
        "Stadsledningskontoret",
        "Microsoft",
        System.Hosting.EU_CLOUD,
        "",
    ),
    (
        "Kulturskolans elevsystem",
        "Systemförvaltare, Kulturskolan",
        "Leverantör av elevadministration",
        System.Hosting.THIRD_COUNTRY,
        System.TransferBasis.DPF,
    ),
    (
        "Samlingsdatabasen",
        "Systemförvaltare, Stadsmuseet",
        "Egen förvaltning",
        System.Hosting.OWN,
        "",
    ),
]

# name, process code, process, owner role, systems, personal, sensitive, secrecy,
# prioritised, status, [(date, k, r, t, next review, normative)]
ASSETS = [
    (
        "Låntagarregister",
        "3.2.1",
        "Utlåning",
        "Biblioteksdirektör",
        ["Bibliotekssystemet"],
        True,
        False,
        True,
        True,
        AssetStatus.PLAN,
        [
            (date(2021, 11, 3), 2, 2, 2, date(2022, 11, 3), None),
            (date(2023, 10, 2), 3, 2, 2, date(2024, 10, 1), None),
        ],
        "Uppgifter om bibliotekens låntagare och deras lån; en av förvaltningens mest "
        "skyddsvärda informationsmängder.",
    ),
    (
        "Kulturskolans elevregister",
        "3.4.1",
        "Kulturskoleverksamhet",
        "Kulturskolechef",
        ["Kulturskolans elevsystem"],
        True,
        False,
        False,
        True,
        AssetStatus.PLAN,
        [(date(2023, 9, 12), 3, 2, 2, date(2024, 9, 12), None)],
        "Elever, vårdnadshavare, kursval och avgifter.",
    ),
    (
        "Ansökningar om kulturstöd",
        "2.1.1",
        "Handläggning av kulturstöd",
        "Avdelningschef, kulturstrategiska avdelningen",
        [],
        True,
        False,
        False,
        True,
        AssetStatus.CLASSIFIED,
        [(date(2023, 6, 20), 2, 3, 2, date(2024, 6, 20), None)],
        "Ansökningar, beslut och redovisningar av stöd till kulturlivet.",
    ),
    (
        "Personalakter",
        "1.3.2",
        "Personaladministration",
        "HR-chef",
        [],
        True,
        True,
        False,
        True,
        AssetStatus.CLASSIFIED,
        [(date(2023, 5, 4), 3, 3, 2, date(2025, 5, 4), "Personalakter")],
        "Anställningsavtal, lönehandlingar och rehabiliteringsärenden.",
    ),
    (
        "E-post",
        "1.1.1",
        "Kommunikation",
        "Kulturdirektör",
        ["Stadens e-post"],
        True,
        False,
        False,
        False,
        AssetStatus.CLASSIFIED,
        [(date(2023, 4, 12), 2, 2, 2, date(2023, 10, 12), "E-post")],
        "Förvaltningens e-post.",
    ),
    (
        "Samlingsdatabas Stadsmuseet",
        "3.3.2",
        "Förvaltning av samlingar",
        "Stadsmuseichef",
        ["Samlingsdatabasen"],
        False,
        False,
        False,
        True,
        AssetStatus.CLASSIFIED,
        [(date(2023, 8, 30), 1, 3, 2, date(2024, 8, 30), None)],
        "Föremål, fotografier och dokumentation i Stadsmuseets samlingar.",
    ),
    (
        "Evenemangskalender",
        "3.1.4",
        "Programverksamhet",
        "Kommunikationschef",
        [],
        False,
        False,
        False,
        False,
        AssetStatus.INVENTORIED,
        [],
        "Publicerade evenemang i stadens kulturhus och bibliotek.",
    ),
]

# title, source, L, C, treatment, status, [assets], description
RISKS = [
    (
        "Elavbrott gör systemstöd otillgängligt",
        Risk.Source.RSA,
        2,
        3,
        Risk.Treatment.REDUCE,
        Risk.Status.TREATING,
        ["Låntagarregister"],
        "Systemstöd är inte tillgängligt på grund av exempelvis elavbrott.",
    ),
    (
        "Phishing och cyberattacker",
        Risk.Source.RSA,
        3,
        3,
        Risk.Treatment.REDUCE,
        Risk.Status.TREATING,
        ["E-post"],
        "Medarbetare luras att lämna ut inloggningsuppgifter eller öppna skadlig kod.",
    ),
    (
        "Säkerhetsbrister i lokala verksamhetssystem",
        Risk.Source.RSA,
        3,
        2,
        Risk.Treatment.REDUCE,
        Risk.Status.OPEN,
        ["Kulturskolans elevregister", "Samlingsdatabas Stadsmuseet"],
        "Lokala verksamhetssystem saknar ibland loggning, behörighetsstyrning och "
        "säkerhetskopiering som motsvarar informationens skyddsvärde.",
    ),
    (
        "Obehörig åtkomst till låntagaruppgifter",
        Risk.Source.CLASSIFICATION,
        2,
        4,
        Risk.Treatment.REDUCE,
        Risk.Status.TREATING,
        ["Låntagarregister"],
        "Uppgifter om vad en låntagare lånat omfattas av sekretess.",
    ),
    (
        "Behörigheter kvarstår efter avslutad anställning",
        Risk.Source.VOR_IKP,
        3,
        2,
        Risk.Treatment.REDUCE,
        Risk.Status.OPEN,
        ["Kulturskolans elevregister", "Ansökningar om kulturstöd"],
        "Upptäckt vid kontroll av behörigheter i verksamhetssystemen.",
    ),
    (
        "Överföring av elevuppgifter till tredje land",
        Risk.Source.WORLD,
        2,
        3,
        Risk.Treatment.ACCEPT,
        Risk.Status.ACCEPTED,
        ["Kulturskolans elevregister"],
        "Leverantören överför uppgifter till USA med stöd av EU–US Data Privacy "
        "Framework; rättsläget är osäkert på längre sikt.",
    ),
    (
        "Felaktiga beslut om kulturstöd på grund av fel i underlag",
        Risk.Source.CLASSIFICATION,
        1,
        3,
        Risk.Treatment.REDUCE,
        Risk.Status.OPEN,
        ["Ansökningar om kulturstöd"],
        "",
    ),
]

THRESHOLDS = [
    (
        "Låntagarregister",
        date(2023, 10, 2),
        ["large_scale", "matching"],
        ThresholdAnalysis.DpiaStatus.DONE,
        date(2023, 11, 15),
    ),
    (
        "Kulturskolans elevregister",
        date(2023, 9, 12),
        ["vulnerable_subjects", "large_scale"],
        ThresholdAnalysis.DpiaStatus.IN_PROGRESS,
        None,
    ),
    (
        "Evenemangskalender",
        date(2023, 5, 2),
        [],
        ThresholdAnalysis.DpiaStatus.NOT_NEEDED,
        None,
    ),
]


def load(ctx: DemoContext) -> None:
    org = ctx.organisation
    by = ctx.users.get("samordnare")
    normative = {
        name: ensure(
            NormativeClassification,
            {"municipality": org.city, "name": name},
            {"description": d, "k": k, "r": r, "t": t, "s": s},
        )
        for name, d, k, r, t, s in NORMATIVE
    }
    systems = {
        name: ensure(
            System,
            {"organisation": org, "name": name},
            {
                "owner_title": owner,
                "supplier": supplier,
                "hosting": hosting,
                "transfer_basis": basis,
            },
            user=by,
        )
        for name, owner, supplier, hosting, basis in SYSTEMS
    }
    assets = {}
    for (
        name,
        code,
        process,
        owner,
        system_names,
        personal,
        sensitive,
        secrecy,
        prioritised,
        status,
        revisions,
        description,
    ) in ASSETS:
        asset = ensure(
            InformationAsset,
            {"organisation": org, "name": name},
            {
                "process_code": code,
                "process_name": process,
                "owner_title": owner,
                "personal_data": personal,
                "sensitive_personal_data": sensitive,
                "secrecy": secrecy,
                "prioritised": prioritised,
                "status": status,
                "description": description,
            },
            user=by,
        )
        if name == "Låntagarregister" and "agare" in ctx.users:
            # The demo information owner owns the borrower register.
            asset = ensure(
                InformationAsset,
                {"pk": asset.pk},
                {"owner_user": ctx.users["agare"]},
                user=by,
            )
        ensure_m2m(asset, "systems", [systems[s] for s in system_names])
        for day, k, r, t, review, norm in revisions:
            ensure(
                Classification,
                {"organisation": org, "asset": asset, "classified_on": day},
                {
                    "k": k,
                    "r": r,
                    "t": t,
                    "next_review": review,
                    "normative": normative.get(norm),
                    "classified_by": by,
                    "participants": "Informationsägare, systemförvaltare, "
                    "informationssäkerhetssamordnare",
                },
                user=by,
            )
        assets[name] = asset
    for title, source, lk, c, treatment, status, asset_names, text in RISKS:
        risk = ensure(
            Risk,
            {"organisation": org, "title": title},
            {
                "source": source,
                "likelihood": lk,
                "consequence": c,
                "treatment": treatment,
                "status": status,
                "description": text,
                "identified_on": date(2023, 9, 1),
                "next_review": date(2024, 9, 1),
            },
            user=by,
        )
        ensure_m2m(risk, "assets", [assets[a] for a in asset_names])
    for name, day, criteria, dpia, dpia_on in THRESHOLDS:
        ensure(
            ThresholdAnalysis,
            {"organisation": org, "asset": assets[name], "analysed_on": day},
            {
                **{c: c in criteria for c in ThresholdAnalysis.CRITERIA},
                "dpia_status": dpia,
                "dpia_on": dpia_on,
            },
            user=by,
        )
