from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import MAX_YEAR, MIN_YEAR, Action, ActionArea, ActionStatus
from lgsys.forms import OrgModelForm, VersionedForm
from lgsys.pickers import MultiPicker


class ActionAreaForm(OrgModelForm):
    class Meta:
        model = ActionArea
        fields = ["title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}


class ActionForm(OrgModelForm):
    class Meta:
        model = Action
        fields = [
            "area",
            "text",
            "responsible_title",
            "responsible_user",
            "start_year",
            "end_year",
            "status",
            "priority",
            "risks",
            "assets",
            "follow_up",
            "done_on",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            "risks": MultiPicker("risk"),
            "assets": MultiPicker("asset"),
            "done_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_year": forms.NumberInput(attrs={"min": MIN_YEAR, "max": MAX_YEAR}),
            "end_year": forms.NumberInput(attrs={"min": MIN_YEAR, "max": MAX_YEAR}),
        }


class StatusForm(VersionedForm, forms.Form):
    """The new status of an action, checked against the version shown."""

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self._versioned = True
        self._init_version(instance)

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned

    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened; kept in the action's follow-up notes and history."),
    )


class PlanFilterForm(forms.Form):
    review_year = forms.IntegerField(
        label=_("Review year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=ActionArea.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + list(ActionStatus.choices),
        required=False,
    )
    year = forms.IntegerField(
        label=_("Active in year"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=False,
    )
    responsible = forms.CharField(
        label=_("Responsible"), max_length=100, required=False
    )
    overdue = forms.BooleanField(
        label=_("Only past their period and not done"), required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ActionArea.objects.filter(
            organisation=organisation
        )
