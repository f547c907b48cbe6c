"""The city level's forms for its normative classifications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from classification.models import NormativeClassification
from classification.scales import KLASSA
from lgsys.forms import REASON_FIELD, REASON_LENGTH, VersionedForm, VersionedModelForm

LEVEL_CHOICES = [("", _("Choose …"))] + [
    (value, f"{value} – {label}") for value, label in KLASSA
]


def _required_reason(help_text) -> forms.CharField:
    return forms.CharField(
        label=_("Reason"), max_length=REASON_LENGTH, help_text=help_text
    )


class NormativeForm(VersionedModelForm):
    """Create (``instance`` new, of the city) or revise a normative
    classification; the reason is required either way."""

    class Meta:
        model = NormativeClassification
        fields = ["name", "description", "k", "r", "t", "s"]

    def __init__(self, *args, city=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.municipality = city
        for name in ("k", "r", "t", "s"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=name != "s",
            )
        self.fields[REASON_FIELD] = _required_reason(
            _("Why the city sets or changes this, in a few words. Kept in the history.")
        )

    def service_kwargs(self) -> dict:
        return {"reason": self.cleaned_data.get(REASON_FIELD, "")}

    def _get_validation_exclusions(self):
        # One name per city: checked here, as a field error, not at save.
        exclude = super()._get_validation_exclusions()
        exclude.discard("municipality")
        return exclude


class NormativeRetireForm(VersionedForm, forms.Form):
    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self._versioned = True
        self._init_version(instance)
        self.fields[REASON_FIELD] = _required_reason(
            _("Why the city retires it. Kept in the history.")
        )

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned

    def service_kwargs(self) -> dict:
        return {"reason": self.cleaned_data.get(REASON_FIELD, "")}
