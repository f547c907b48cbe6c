from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from classification.forms import AssetFilters, ClassificationFilters, RiskFilters
from classification.heatmap import heatmap_data
from classification.models import Classification, InformationAsset, Risk
from lgsys.models import Capability
from lgsys.registry import Panel, TodoItem


def panels(membership) -> list[Panel]:
    org = membership.organisation
    return [
        Panel(
            _("Register coverage"),
            "classification/_panel_coverage.html",
            {
                "coverage": InformationAsset.objects.filter(
                    organisation=org
                ).coverage(),
                "risks": heatmap_data(org)["by_band"],
            },
        )
    ]


def todo(membership) -> list[TodoItem]:
    """The coordinator's classifications and risks past their review date; the
    owner's own assets due for review within 30 days or overdue. Each figure is
    counted with the list's own filter, so the link shows exactly those rows
    (one query each)."""
    org = membership.organisation
    items = []
    if membership.can(Capability.EDIT):
        assets = _count(AssetFilters, {"overdue": "1"}, _assets(org), org)
        if assets:
            items.append(
                TodoItem(
                    text=ngettext(
                        "information asset whose classification is past its "
                        "review date",
                        "information assets whose classification is past its "
                        "review date",
                        assets,
                    ),
                    url=_list_url("classification:asset_list", org, overdue=1),
                    count=assets,
                    order=30,
                )
            )
        risks = _count(RiskFilters, {"overdue": "1"}, _risks(org), org)
        if risks:
            items.append(
                TodoItem(
                    text=ngettext(
                        "risk past its review date",
                        "risks past their review date",
                        risks,
                    ),
                    url=_list_url("classification:risk_list", org, overdue=1),
                    count=risks,
                    order=31,
                )
            )
        # A normative classification the city revised upwards: the
        # classifications that follow it and are now below its floor.
        below = _count(
            ClassificationFilters,
            {"below_normative": "1"},
            Classification.objects.filter(organisation=org),
            org,
        )
        if below:
            items.append(
                TodoItem(
                    text=ngettext(
                        "classification below the floor of the normative "
                        "classification it follows",
                        "classifications below the floor of the normative "
                        "classification they follow",
                        below,
                    ),
                    url=_list_url(
                        "classification:classification_list", org, below_normative=1
                    ),
                    count=below,
                    order=32,
                )
            )
    elif membership.can(Capability.EDIT_OWN_ASSETS):
        query = {"owner_user": membership.user_id, "due": "1"}
        due = _count(AssetFilters, query, _assets(org), org)
        if due:
            items.append(
                TodoItem(
                    text=ngettext(
                        "of your information assets is due for review within 30 "
                        "days or overdue",
                        "of your information assets are due for review within 30 "
                        "days or overdue",
                        due,
                    ),
                    url=_list_url("classification:asset_list", org, **query),
                    count=due,
                    order=30,
                )
            )
    return items


def _assets(org):
    # As the asset list reads them (its base queryset).
    return InformationAsset.objects.filter(
        organisation=org
    ).with_current_classification()


def _risks(org):
    return Risk.objects.filter(organisation=org).with_value()


def _count(filters, data, queryset, org) -> int:
    form = filters(data, organisation=org)
    if not form.is_valid():  # apply() would then count every row
        raise RuntimeError(f"the dashboard's own filter is refused: {form.errors}")
    return form.apply(queryset).count()


def _list_url(name: str, org, **query) -> str:
    return f"{reverse(name, args=[org.code])}?{urlencode(query)}"
