from datetime import date
from itertools import count

from classification.models import (
    Classification,
    InformationAsset,
    Risk,
    System,
    ThresholdAnalysis,
)

_seq = count(1)


def make_asset(org, **fields) -> InformationAsset:
    fields.setdefault("name", f"Informationsmängd {next(_seq)}")
    return InformationAsset.objects.create(organisation=org, **fields)


def make_classification(org, asset=None, **fields) -> Classification:
    asset = asset or make_asset(org)
    fields.setdefault("classified_on", date(2023, 5, 1))
    for name, level in (("k", 2), ("r", 2), ("t", 1)):
        fields.setdefault(name, level)
    return Classification.objects.create(organisation=org, asset=asset, **fields)


def make_risk(org, **fields) -> Risk:
    fields.setdefault("title", f"Risk {next(_seq)}")
    fields.setdefault("likelihood", 2)
    fields.setdefault("consequence", 3)
    return Risk.objects.create(organisation=org, **fields)


def make_system(org, **fields) -> System:
    fields.setdefault("name", f"System {next(_seq)}")
    return System.objects.create(organisation=org, **fields)


def make_threshold(org, **fields) -> ThresholdAnalysis:
    fields.setdefault("asset", make_asset(org))
    return ThresholdAnalysis.objects.create(organisation=org, **fields)


FACTORIES = {
    "asset": make_asset,
    "classification": make_classification,
    "risk": make_risk,
    "system": make_system,
    "threshold": make_threshold,
}
