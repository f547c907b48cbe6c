"""Page 1's decision line: "Beslutad 2024-01-15 av Anna Andersson,
förvaltningschef" (the decider's full name and their title in the organisation),
or "Beslutad [datum]" while the review is undecided. The report is Swedish
whatever the reader's language."""

from datetime import date

from lgsys.history import name_of
from lgsys.models import Membership, Organisation

UNDECIDED = "Beslutad [datum]"


def decision_line(organisation: Organisation, decided_on: date | None, by) -> str:
    if not decided_on:
        return UNDECIDED
    line = f"Beslutad {decided_on:%Y-%m-%d}"
    if by is None:
        return line
    title = (
        Membership.objects.filter(user=by, organisation=organisation)
        .values_list("title", flat=True)
        .first()
    )
    return f"{line} av " + ", ".join(p for p in (name_of(by), title) if p)
