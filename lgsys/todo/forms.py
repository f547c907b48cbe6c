from django import forms

from lgsys.forms import VersionedModelForm
from lgsys.models import Organisation


class PlanDeadlineForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = ["plan_deadline"]
        widgets = {
            "plan_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }
