"""The registers a form's search-as-you-type picker chooses from
(lgsys/pickers.py): information assets, risks and systems, by name."""

from classification.models import InformationAsset, Risk, System
from lgsys.pickers import PickerSource

SOURCES = [
    PickerSource("asset", InformationAsset, owner_field="owner_user"),
    PickerSource("risk", Risk, search_fields=("title",), order_by=("title", "pk")),
    PickerSource("system", System),
]
