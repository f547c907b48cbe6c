"""The register's assets and risks as they were at a moment, for the history's
"the register as it was" page (lgsys/audit/asof.py)."""

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys.audit.asof import Register, state_at
from lgsys.audit.sources import source_by_key


def classifications_at(organisation, moment: datetime, asset_ids) -> dict:
    """{asset id: the classification in force at ``moment``} for those assets
    (two queries: the classifications that ever belonged to them, from the
    (asset, record id) index, then their state)."""
    asset_ids = set(asset_ids)
    history = source_by_key("classification.classification").history
    record_ids = (
        history._base_manager.filter(asset_id__in=sorted(asset_ids))
        .order_by()
        .values_list("id", flat=True)
        .distinct()
    )
    rows = state_at(
        "classification.classification",
        organisation,
        moment,
        record_ids=sorted(record_ids) or [0],
    )
    current: dict = {}
    for row in sorted(rows, key=lambda r: (r.asset_id, r.classified_on, r.id)):
        if row.asset_id in asset_ids and row.organisation_id == organisation.pk:
            current[row.asset_id] = row  # the latest revision wins
    return current


def _assets(records, shown, organisation, moment):
    current = classifications_at(organisation, moment, [r.id for r in records])
    headers = [
        _("Process"),
        _("Information asset"),
        _("Information owner"),
        _("Status"),
        _("Classification (K-R-T)"),
        _("Classified on"),
    ]
    rows = []
    for r in records:
        c = current.get(r.id)
        rows.append(
            [
                f"{r.process_code} {r.process_name}".strip() or "–",
                r.name,
                shown(r, "owner_user") if r.owner_user_id else (r.owner_title or "–"),
                shown(r, "status"),
                "-".join(str(v) for v in (c.k, c.r, c.t, c.s) if v is not None)
                if c
                else _("Not classified"),
                c.classified_on.isoformat() if c else "–",
            ]
        )
    return headers, rows


def _risks(records, shown, organisation, moment):
    headers = [
        _("Risk"),
        _("Likelihood"),
        _("Consequence"),
        _("Risk value"),
        _("Treatment"),
        _("Status"),
    ]
    rows = [
        [
            r.title,
            shown(r, "likelihood"),
            shown(r, "consequence"),
            str(r.likelihood * r.consequence)
            if r.likelihood and r.consequence
            else "–",
            shown(r, "treatment"),
            shown(r, "status"),
        ]
        for r in records
    ]
    return headers, rows


REGISTERS = [
    Register(
        "tillgangar",
        gettext_lazy("Information assets"),
        "classification.informationasset",
        ("process_code", "name", "id"),
        _assets,
    ),
    Register(
        "risker",
        gettext_lazy("Risks"),
        "classification.risk",
        ("title", "id"),
        _risks,
    ),
]
