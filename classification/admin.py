from django.contrib import admin

from classification.models import (
    InformationAsset,
    NormativeClassification,
    RiskBand,
    ScaleLevel,
)
from lgsys.admin import HistoryAdmin


@admin.register(NormativeClassification)
class NormativeClassificationAdmin(HistoryAdmin):
    """City-wide classifications: managed by superusers only."""

    list_display = ["name", "k", "r", "t", "s"]
    search_fields = ["name"]


@admin.register(ScaleLevel)
class ScaleLevelAdmin(HistoryAdmin):
    list_display = ["organisation", "kind", "value", "label"]
    list_filter = ["organisation", "kind"]


@admin.register(RiskBand)
class RiskBandAdmin(HistoryAdmin):
    list_display = ["organisation", "label", "low", "high", "style"]
    list_filter = ["organisation"]


@admin.register(InformationAsset)
class InformationAssetAdmin(HistoryAdmin):
    """The peer the benchmarks compare the asset list with."""

    list_display = ["name", "organisation", "process_code", "status", "prioritised"]
    list_filter = ["organisation", "status", "prioritised"]
    search_fields = ["name"]
    list_select_related = ["organisation"]
