from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from classification.models import (
    AssetStatus,
    Classification,
    InformationAsset,
    NormativeClassification,
    Risk,
    RiskBand,
    ScaleLevel,
    System,
    ThresholdAnalysis,
    proposed_normative,
)
from lgsys.crud import FilterForm
from lgsys.display import member_label, members
from lgsys.forms import CHOOSE, REASON_FIELD, OrgModelForm, SafeModelChoiceField
from lgsys.models import Capability
from lgsys.pickers import MultiPicker, Picker

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# "Due for review": the classification's next review within this many days.
DUE_WITHIN_DAYS = 30
# The history keeps at most 100 characters of a reason, its code included.
UNLINK_REASON_LENGTH = 80


def _text(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def owns_only(membership) -> bool:
    """An information owner without the general edit right."""
    return not membership.can(Capability.EDIT) and membership.can(
        Capability.EDIT_OWN_ASSETS
    )


class AssetForm(OrgModelForm):
    class Meta:
        model = InformationAsset
        fields = [
            "name",
            "description",
            "process_code",
            "process_name",
            "owner_user",
            "owner_title",
            "system_owner",
            "systems",
            "personal_data",
            "sensitive_personal_data",
            "secrecy",
            "prioritised",
            "status",
        ]
        widgets = {"systems": MultiPicker("system")}
        widgets = {"description": _text()}

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if membership is not None and owns_only(membership):
            # An owner may not hand the asset to someone else.
            self.fields["owner_user"].disabled = True


def _level_choices(levels, blank=False):
    choices = [(lv.value, f"{lv.value} – {lv.label}") for lv in levels]
    return ([("", CHOOSE)] if blank else []) + choices


# What each part of a classification measures (KLASSA): the harm of a loss of it.
LEVEL_HELP = {
    "k": _(
        "Confidentiality: the harm if the information reaches someone who must "
        "not have it."
    ),
    "r": _(
        "Integrity: the harm if the information is wrong, incomplete or changed "
        "without permission."
    ),
    "t": _(
        "Availability: the harm if the information cannot be reached when it is needed."
    ),
    "s": _(
        "Traceability (optional): the harm if it cannot be traced who did what "
        "with the information."
    ),
}


class ClassificationForm(OrgModelForm):
    class Meta:
        model = Classification
        fields = [
            "asset",
            "classified_on",
            "normative",
            "k",
            "r",
            "t",
            "s",
            "participants",
            "next_review",
            "notes",
        ]
        widgets = {
            "asset": Picker("asset"),
            "classified_on": DATE,
            "next_review": DATE,
            "participants": _text(2),
            "notes": _text(),
        }

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisation's scale, shown beside the levels; no level is chosen
        # for the user (a form that starts at 0-0-0 gets saved as 0-0-0).
        self.levels = list(
            ScaleLevel.objects.filter(
                organisation=self.organisation, kind=ScaleLevel.Kind.CLASSIFICATION
            )
        )
        for name in ("k", "r", "t", "s"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=_level_choices(self.levels, blank=True),
                coerce=int,
                empty_value=None,
                required=name != "s",
                initial=self.initial.get(name),
                help_text=LEVEL_HELP[name],
            )
        # The organisation's city's, in force; the one it already follows stays
        # offered when it was retired (the values stay until changed).
        offered = Q(
            pk__in=NormativeClassification.objects.offered_to(self.organisation)
        )
        if self.instance.normative_id:
            offered |= Q(pk=self.instance.normative_id)
        self.fields["normative"].queryset = NormativeClassification.objects.filter(
            offered
        )
        owner = membership is not None and owns_only(membership)
        if owner:
            self.fields["asset"].queryset = self.fields["asset"].queryset.filter(
                owner_user=membership.user
            )
            self.fields["asset"].widget.own_only = True
        # A normative classification the asset's name calls for (not the one
        # it already follows), preselected on a new classification.
        self.proposed = self._proposed_normative()
        if self.proposed and self.proposed.pk == self.instance.normative_id:
            self.proposed = None
        if self.proposed and not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("normative", self.proposed.pk)
        if self.instance.pk and self.instance.normative_id:
            if owner:
                # Leaving the normative classification is the coordinator's act.
                self.fields["normative"].disabled = True
            else:
                self.fields["unlink_reason"] = forms.CharField(
                    label=_("Reason for unlinking"),
                    required=False,
                    max_length=UNLINK_REASON_LENGTH,
                    help_text=_(
                        "Only when you remove or change the normative "
                        "classification this one follows: why it no longer "
                        "applies. Kept in the history."
                    ),
                )
        if REASON_FIELD in self.fields:  # the general reason stays last
            self.fields[REASON_FIELD] = self.fields.pop(REASON_FIELD)

    def _proposed_normative(self) -> NormativeClassification | None:
        """The normative classification the chosen asset matches by name."""
        if self.instance.pk is not None:
            asset = self.instance.asset
        else:
            chosen = str(self["asset"].value() or "")
            asset = (
                self.fields["asset"].queryset.filter(pk=int(chosen)).first()
                if chosen.isdigit() and len(chosen) < 19
                else None
            )
        return proposed_normative(asset) if asset is not None else None

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        if "unlink_reason" in self.fields:
            kwargs["unlink_reason"] = self.cleaned_data.get("unlink_reason", "")
        return kwargs


class SystemForm(OrgModelForm):
    class Meta:
        model = System
        fields = ["name", "owner_title", "supplier", "hosting", "transfer_basis"]


class RiskForm(OrgModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "source",
            "assets",
            "likelihood",
            "consequence",
            "treatment",
            "owner_user",
            "status",
            "residual_likelihood",
            "residual_consequence",
            "identified_on",
            "next_review",
        ]
        widgets = {
            "description": _text(),
            "assets": MultiPicker("asset"),
            "identified_on": DATE,
            "next_review": DATE,
        }

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in (
            ("likelihood", ScaleLevel.Kind.LIKELIHOOD),
            ("consequence", ScaleLevel.Kind.CONSEQUENCE),
            ("residual_likelihood", ScaleLevel.Kind.LIKELIHOOD),
            ("residual_consequence", ScaleLevel.Kind.CONSEQUENCE),
        ):
            residual = name.startswith("residual")
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=_level_choices(
                    ScaleLevel.objects.filter(
                        organisation=self.organisation, kind=kind
                    ),
                    blank=residual,
                ),
                coerce=int,
                empty_value=None,
                required=not residual,
            )


class ThresholdAnalysisForm(OrgModelForm):
    class Meta:
        model = ThresholdAnalysis
        fields = [
            "asset",
            "analysed_on",
            *ThresholdAnalysis.CRITERIA,
            "dpia_status",
            "dpia_on",
        ]
        widgets = {"asset": Picker("asset"), "analysed_on": DATE, "dpia_on": DATE}


# Filters -----------------------------------------------------------------------

YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


class AssetFilters(FilterForm):
    process = forms.CharField(label=_("Process"), max_length=100)
    owner = forms.CharField(label=_("Owner"), max_length=100)
    level = forms.TypedChoiceField(
        label=_("Protection level"),
        choices=[("", _("All"))] + [(str(v), str(v)) for v in range(0, 6)],
        coerce=int,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(AssetStatus.choices)
    )
    prioritised = forms.ChoiceField(label=_("Prioritised"), choices=YES_NO)
    overdue = forms.BooleanField(label=_("Only review overdue"))
    due = forms.BooleanField(label=_("Only review due within 30 days or overdue"))
    owner_user = SafeModelChoiceField(
        label=_("Information owner (member)"),
        queryset=get_user_model().objects.none(),
        empty_label=_("All"),
    )
    lookups = {
        "owner_user": "owner_user",
        "due": lambda qs, _v: qs.filter(
            next_review__lte=_today() + timedelta(days=DUE_WITHIN_DAYS)
        ),
        "process": lambda qs, v: qs.filter(
            Q(process_code__startswith=v) | Q(process_name__icontains=v)
        ),
        "owner": lambda qs, v: qs.filter(
            Q(owner_title__icontains=v)
            | Q(owner_user__first_name__icontains=v)
            | Q(owner_user__last_name__icontains=v)
        ),
        "level": "protection",
        "status": "status",
        "prioritised": lambda qs, v: qs.filter(prioritised=v == "1"),
        "overdue": lambda qs, _v: qs.filter(next_review__lt=_today()),
    }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        owners = self.fields["owner_user"]
        owners.queryset = members(get_user_model().objects.all(), organisation)
        owners.label_from_instance = member_label


def _today():
    from django.utils import timezone

    return timezone.localdate()


class ClassificationFilters(FilterForm):
    asset = forms.ModelChoiceField(
        label=_("Information asset"),
        queryset=InformationAsset.objects.all(),
        widget=Picker("asset"),
    )
    normative = forms.ModelChoiceField(
        label=_("Normative classification"),
        queryset=NormativeClassification.objects.all(),
    )
    below_normative = forms.BooleanField(
        label=_("Only below their normative classification's floor")
    )
    lookups = {
        "asset": "asset",
        "normative": "normative",
        "below_normative": lambda qs, _v: qs.below_normative(),
    }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        # Those of the organisation's city (retired ones too: old revisions
        # followed them).
        self.fields["normative"].queryset = NormativeClassification.objects.filter(
            municipality_id=organisation.city_id
        )


class RiskFilters(FilterForm):
    band = forms.ModelChoiceField(label=_("Band"), queryset=RiskBand.objects.all())
    likelihood = forms.IntegerField(label=_("Likelihood"), min_value=0, max_value=10)
    consequence = forms.IntegerField(label=_("Consequence"), min_value=0, max_value=10)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Risk.Status.choices)
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All"))] + list(Risk.Source.choices)
    )
    overdue = forms.BooleanField(label=_("Only review overdue"))
    lookups = {
        "band": lambda qs, band: qs.filter(value__gte=band.low, value__lte=band.high),
        "likelihood": "likelihood",
        "consequence": "consequence",
        "status": "status",
        "source": "source",
        "overdue": lambda qs, _v: qs.filter(next_review__lt=_today()),
    }


class SystemFilters(FilterForm):
    hosting = forms.ChoiceField(
        label=_("Hosting"), choices=[("", _("All"))] + list(System.Hosting.choices)
    )
    lookups = {"hosting": "hosting"}


class ThresholdFilters(FilterForm):
    dpia_status = forms.ChoiceField(
        label=_("DPIA status"),
        choices=[("", _("All"))] + list(ThresholdAnalysis.DpiaStatus.choices),
    )
    lookups = {"dpia_status": "dpia_status"}
