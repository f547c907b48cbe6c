"""The demo's action plan is section 1.3.1–1.3.3 of the reference, word for word."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from actions.plan import plan_data

REFERENCE = Path(__file__).parent / "reference_1_3.md"


def _reference_plan() -> list[dict]:
    """Areas, intros and period groups parsed from the reference's section 1.3."""
    areas, current, group = [], None, None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if m := re.match(r"^(1\.3\.\d) (.+)$", line):
            current = {"number": m[1], "title": m[2], "intro": "", "groups": []}
            areas.append(current)
        elif current is None or not line:
            continue
        elif re.match(r"^\d{4}( –|-\d{4})?$", line):
            # The report prints every range with the en dash, the reference's
            # text copy a closed one with a hyphen.
            group = {"label": line.replace("-", "–"), "actions": []}
            current["groups"].append(group)
        elif line.startswith("- "):
            group["actions"].append(line[2:])
        elif not current["groups"]:
            current["intro"] = line
    return areas


@pytest.mark.django_db
def test_the_demo_plan_reproduces_the_reference():
    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from lgsys.models import Organisation

    data = plan_data(Organisation.objects.get(code="KUL"), 2023)
    ours = [
        {
            "number": a["number"],
            "title": a["title"],
            "intro": a["intro"],
            "groups": [
                {"label": g["label"], "actions": [x["text"] for x in g["actions"]]}
                for g in a["groups"]
            ],
        }
        for a in data["areas"]
    ]
    reference = _reference_plan()
    assert (
        len(reference) == 3
        and sum(len(g["actions"]) for a in reference for g in a["groups"]) == 16
    )
    assert ours == reference
