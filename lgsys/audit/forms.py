from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lgsys.audit.asof import registers
from lgsys.audit.sources import kind_choices
from lgsys.audit.timeline import Filters
from lgsys.display import member_label, members
from lgsys.history import CHANGE_TYPES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MIN_DATE = datetime(1990, 1, 1).date()
MAX_DATE = datetime(2100, 12, 31).date()


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _moment(day, at: time | None) -> datetime:
    """The start of minute ``at`` of ``day`` (of the day when ``at`` is None)."""
    if at is None:
        return _day_start(day)
    return timezone.make_aware(
        datetime.combine(day, at.replace(second=0, microsecond=0))
    )


def since_query(moment: datetime) -> dict[str, str]:
    """The timeline's filters for the rows from ``moment`` (local time, to the
    minute: what the form can say): ``{"start": "2024-03-29", "start_time":
    "16:05"}``."""
    local = timezone.localtime(moment)
    return {"start": local.date().isoformat(), "start_time": local.strftime("%H:%M")}


class TimelineFilters(forms.Form):
    """The timeline's filters, all optional and combinable; they live in the URL."""

    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    start_time = forms.TimeField(
        label=_("From time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("With a from date: from this time of that day."),
    )
    end = forms.DateField(label=_("To and including"), widget=DATE, required=False)
    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    change = forms.ChoiceField(
        label=_("Change"),
        choices=[("", _("All"))] + [(k, v) for k, v in CHANGE_TYPES.items()],
        required=False,
    )
    object = forms.IntegerField(
        label=_("Record number"),
        min_value=1,
        max_value=2**62,
        required=False,
        help_text=_("With a kind of record: only that record."),
    )
    q = forms.CharField(label=_("Name contains"), max_length=200, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members(
            get_user_model().objects.all(), organisation
        )
        self.fields["user"].label_from_instance = member_label
        self.fields["kind"].choices = [("", _("All"))] + kind_choices()

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not (MIN_DATE <= day <= MAX_DATE):
            raise forms.ValidationError(_("Give a date between 1990 and 2100."))
        return day

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        if cleaned.get("object") and not cleaned.get("kind"):
            self.add_error("object", _("Choose the kind of record too."))
        if cleaned.get("start_time") and not cleaned.get("start"):
            self.add_error("start_time", _("Choose the from date too."))
        return cleaned

    def filters(self) -> Filters:
        """The valid filters (an invalid one is left out and shown as an error)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data
        end = data.get("end")
        user = data.get("user")
        return Filters(
            start=_moment(data["start"], data.get("start_time"))
            if data.get("start")
            else None,
            end=_day_start(end + timedelta(days=1)) if end else None,
            user_id=user.pk if user else None,
            kind=data.get("kind") or "",
            change_type=data.get("change") or "",
            object_pk=data.get("object") if data.get("kind") else None,
            text=(data.get("q") or "").strip(),
        )


class AsOfForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    at = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty: at the end of the day."),
    )
    # the apps' registers (lgsys/registry.py), asked when the form is made
    show = forms.ChoiceField(
        label=_("Register"), choices=lambda: [(r.key, r.label) for r in registers()]
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not (MIN_DATE <= day <= MAX_DATE):
            raise forms.ValidationError(_("Give a date between 1990 and 2100."))
        return day

    def moment(self) -> datetime:
        day, at = self.cleaned_data["day"], self.cleaned_data.get("at")
        if at is None:
            return _day_start(day + timedelta(days=1)) - timedelta(microseconds=1)
        return timezone.make_aware(datetime.combine(day, at.replace(second=59)))
