"""The report's outline (DOMAIN.md section 2): sections, titles, ISO 9.3.2 inputs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class OutlineSection:
    key: str
    title: str  # may contain {genitive}: the organisation's name in the genitive
    iso_inputs: tuple[str, ...] = ()
    level: int = 2  # heading level in the document
    # An empty required section blocks the submission (reviews/approval/checks.py):
    # the summary for the head, the ISMS itself, the register's and the incidents'
    # results (9.3.2 d, f) and the decided actions (9.3.3).
    required: bool = False
    # The keys of the data blocks printed under the section's text, in order
    # (reviews/report/catalogue.py declares them).
    blocks: tuple[str, ...] = ()


OUTLINE = [
    OutlineSection("intro", "Ledningens genomgång", level=1, required=True),
    OutlineSection("1.1", "Ledningssystem för informationssäkerhet", required=True),
    OutlineSection(
        "1.2",
        "Vad påverkar {genitive} informationssäkerhetsarbete?",
        blocks=("comparison",),
    ),
    OutlineSection("1.2.1", "Omvärld och ny lagstiftning", ("b", "c"), 3),
    OutlineSection(
        "1.2.2",
        "Vad händer inom staden – budget, inriktningar, lokala förändringar eller "
        "satsningar",
        ("b",),
        3,
    ),
    OutlineSection("1.2.3", "Kompetensutveckling", ("d",), 3, blocks=("training",)),
    OutlineSection(
        "1.2.4",
        "Informationsklassning och riskbedömning",
        ("d", "f"),
        3,
        required=True,
        blocks=("coverage", "risk_heatmap", "risks_highest_band"),
    ),
    OutlineSection(
        "1.2.5",
        "Risker som identifierats i GDPR-årsrapport",
        ("e", "f"),
        3,
        blocks=("findings_gdpr",),
    ),
    OutlineSection(
        "1.2.6",
        "Vad har verksamheten identifierat i RSA-arbetet",
        ("f",),
        3,
        blocks=("findings_rsa",),
    ),
    OutlineSection(
        "1.2.7",
        "Resultatet från egen uppföljning (VoR och IKP)",
        ("d",),
        3,
        blocks=("findings_vor_ikp",),
    ),
    OutlineSection(
        "1.2.8", "Resultatet från revisioner", ("d",), 3, blocks=("findings_audit",)
    ),
    OutlineSection(
        "1.2.9",
        "Information om avvikelser och incidenter",
        ("d",),
        3,
        required=True,
        blocks=("incidents", "breaches_imy"),
    ),
    OutlineSection(
        "1.3",
        "Prioriterade åtgärder",
        ("a", "g"),
        required=True,
        blocks=("carry_over", "action_plan"),
    ),
]

# What each ISO/IEC 27001 9.3.2 input asks the review to consider.
ISO_INPUTS = {
    "a": "status för åtgärder från tidigare ledningens genomgångar",
    "b": "förändringar i externa och interna frågor",
    "c": "förändringar i intressenternas behov och förväntningar",
    "d": "återkoppling om informationssäkerhetens prestanda (avvikelser, "
    "övervakning, revisioner, mål)",
    "e": "återkoppling från intressenter",
    "f": "resultat av riskbedömning och status för riskbehandlingsplanen",
    "g": "möjligheter till ständig förbättring",
}


def genitive(name: str) -> str:
    """Swedish genitive: "Kulturförvaltningen" → "Kulturförvaltningens"."""
    if name.endswith(("s", "x", "z")):
        return name
    return name + "s"


def section_title(section: OutlineSection, organisation) -> str:
    return section.title.format(genitive=genitive(organisation.name))
