from django import forms
from django.utils.translation import gettext_lazy as _

from lgsys.forms import VersionedForm
from reviews.models import Finding, ManagementReview


class DecisionForm(VersionedForm, forms.Form):
    """Which review decided the action, and the findings that motivated it; an
    existing decision's form carries the version it showed and an optional
    reason."""

    review = forms.ModelChoiceField(
        label=_("Decided in review"),
        queryset=ManagementReview.objects.none(),
        required=False,
        empty_label=_("Not decided in any review"),
    )
    findings = forms.ModelMultipleChoiceField(
        label=_("Motivated by findings"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, decision=None, **kwargs):
        if decision is not None and not kwargs.get("data"):
            kwargs.setdefault(
                "initial",
                {
                    "review": decision.review_id,
                    "findings": list(decision.findings.all()),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = ManagementReview.objects.filter(
            organisation=organisation
        ).order_by("-year")
        self.fields["findings"].queryset = Finding.objects.filter(
            organisation=organisation
        ).order_by("-year", "source", "pk")
        self._versioned = decision is not None
        self._init_version(decision)
        if decision is not None:
            self._add_reason_field()

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned
