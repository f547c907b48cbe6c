"""The register's pages: lists, details and forms (lgsys.crud), the heat map,
and the asset import."""

from django import forms as dj_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from classification import forms, importer, services
from classification.heatmap import heatmap_data
from classification.models import (
    Classification,
    InformationAsset,
    Risk,
    System,
    ThresholdAnalysis,
    krt,
)
from lgsys.crud import Column, Crud
from lgsys.exports import XLSX_TYPE
from lgsys.models import Capability
from lgsys.permissions import organisation_view
from lgsys.uploads import MULTIPART_OVERHEAD, refused_form, upload_limit

EDITORS = (Capability.EDIT, Capability.EDIT_OWN_ASSETS)


def _membership_kwargs(request) -> dict:
    return {"membership": request.membership}


def _owns(request, asset) -> bool:
    return asset is not None and asset.owner_user_id == request.user.pk


def _asset_editable(request, asset) -> bool:
    if request.membership.can(Capability.EDIT):
        return True
    return _owns(request, asset)  # an owner edits only their own, never creates


def _classification_editable(request, classification) -> bool:
    if request.membership.can(Capability.EDIT):
        return True
    if classification is None:
        return True  # the form offers only the owner's own assets
    return _owns(request, classification.asset)


def _overdue(obj) -> str:
    review = getattr(obj, "next_review", None)
    return "danger" if review and review < timezone.localdate() else ""


def _next_review(obj):
    review = obj.next_review
    if review and review < timezone.localdate():
        return f"{review:%Y-%m-%d} ({_('overdue')})"
    return review


assets = Crud(
    model=InformationAsset,
    entity="asset",
    create=services.asset_create,
    update=services.asset_update,
    delete=services.asset_delete,
    form_class=forms.AssetForm,
    namespace="classification",
    name="asset",
    segment="informationsmangder",
    title_plural=_("Information assets"),
    help_text=_(
        "The register of information assets with their current classification "
        "(K-R-T: confidentiality, integrity, availability)."
    ),
    columns=[
        Column("name", _("Name"), lambda o: o.name, ("name",), link=True),
        Column("process", _("Process"), lambda o: o.process, ("process_code",)),
        Column("owner", _("Information owner"), lambda o: o.owner, ("owner_title",)),
        Column("krt", _("K-R-T"), lambda o: krt(o.cur_k, o.cur_r, o.cur_t, o.cur_s)),
        Column(
            "level",
            _("Protection level"),
            lambda o: o.protection if o.protection >= 0 else None,
            ("protection",),
        ),
        Column(
            "review", _("Next review"), _next_review, ("next_review",), badge=_overdue
        ),
        Column("status", _("Status"), lambda o: o.get_status_display(), ("status",)),
        Column(
            "prioritised", _("Prioritised"), lambda o: o.prioritised, ("prioritised",)
        ),
    ],
    default_sort="name",
    search_fields=("name", "description", "process_name", "process_code"),
    filter_form=forms.AssetFilters,
    base_queryset=lambda qs: qs.with_current_classification(),
    list_select=("owner_user",),
    detail_select=("owner_user",),
    detail_prefetch=("systems", "classifications__normative"),
    edit_capability=EDITORS,
    can_edit_object=_asset_editable,
    form_kwargs=_membership_kwargs,
    delete_blockers=services.asset_delete_blockers,
    detail_template="classification/asset_detail.html",
    list_template="classification/asset_list.html",
    extra_list_context=lambda request, page: {
        "can_import": request.membership.can(Capability.EDIT)
    },
    export_name="informationsmangder",
)

classifications = Crud(
    model=Classification,
    entity="classification",
    create=services.classification_create,
    update=services.classification_update,
    delete=services.classification_delete,
    form_class=forms.ClassificationForm,
    namespace="classification",
    name="classification",
    segment="klassningar",
    title_plural=_("Classifications"),
    help_text=_(
        "Every revision is kept; an asset's current classification is its latest."
    ),
    columns=[
        Column(
            "asset",
            _("Information asset"),
            lambda o: o.asset.name,
            ("asset__name",),
            link=True,
        ),
        Column("date", _("Date"), lambda o: o.classified_on, ("classified_on",)),
        Column("krt", _("K-R-T"), lambda o: o.krt),
        Column("level", _("Protection level"), lambda o: o.protection_level),
        Column(
            "normative",
            _("Normative"),
            lambda o: o.normative.name if o.normative_id else None,
        ),
        Column(
            "review", _("Next review"), _next_review, ("next_review",), badge=_overdue
        ),
    ],
    default_sort="-date",
    search_fields=("asset__name", "notes", "participants"),
    filter_form=forms.ClassificationFilters,
    list_select=("asset", "normative"),
    detail_select=("asset", "normative", "classified_by"),
    edit_capability=EDITORS,
    can_edit_object=_classification_editable,
    form_kwargs=_membership_kwargs,
    form_template="classification/classification_form.html",
    export_name="klassningar",
)


risks = Crud(
    model=Risk,
    entity="risk",
    create=services.risk_create,
    update=services.risk_update,
    delete=services.risk_delete,
    form_class=forms.RiskForm,
    namespace="classification",
    name="risk",
    segment="risker",
    title_plural=_("Risks"),
    columns=[
        Column("title", _("Risk"), lambda o: o.title, ("title",), link=True),
        Column("source", _("Source"), lambda o: o.get_source_display(), ("source",)),
        Column("lk", _("Likelihood"), lambda o: o.likelihood, ("likelihood",)),
        Column("c", _("Consequence"), lambda o: o.consequence, ("consequence",)),
        Column("value", _("Value"), lambda o: o.value, ("value",)),
        Column("band", _("Band"), lambda o: o.band_label, badge=lambda o: o.band_style),
        Column(
            "treatment",
            _("Treatment"),
            lambda o: o.get_treatment_display(),
            ("treatment",),
        ),
        Column("status", _("Status"), lambda o: o.get_status_display(), ("status",)),
        Column(
            "review", _("Next review"), _next_review, ("next_review",), badge=_overdue
        ),
    ],
    default_sort="-value",
    search_fields=("title", "description"),
    filter_form=forms.RiskFilters,
    base_queryset=lambda qs: qs.with_value(),
    list_select=("owner_user",),
    detail_select=("owner_user",),
    detail_prefetch=("assets",),
    export_name="risker",
)

systems = Crud(
    model=System,
    entity="system",
    create=services.system_create,
    update=services.system_update,
    delete=services.system_delete,
    form_class=forms.SystemForm,
    namespace="classification",
    name="system",
    segment="system",
    title_plural=_("Systems"),
    columns=[
        Column("name", _("Name"), lambda o: o.name, ("name",), link=True),
        Column("owner", _("System owner"), lambda o: o.owner_title, ("owner_title",)),
        Column("supplier", _("Supplier"), lambda o: o.supplier, ("supplier",)),
        Column(
            "hosting", _("Hosting"), lambda o: o.get_hosting_display(), ("hosting",)
        ),
        Column("basis", _("Transfer basis"), lambda o: o.get_transfer_basis_display()),
    ],
    default_sort="name",
    search_fields=("name", "supplier", "owner_title"),
    filter_form=forms.SystemFilters,
    export_name="system",
)

thresholds = Crud(
    model=ThresholdAnalysis,
    entity="threshold",
    create=services.threshold_create,
    update=services.threshold_update,
    delete=services.threshold_delete,
    form_class=forms.ThresholdAnalysisForm,
    namespace="classification",
    name="threshold",
    segment="troskelanalyser",
    title_plural=_("Threshold analyses"),
    help_text=_(
        "The nine EDPB/IMY criteria; two or more call for a DPIA (konsekvensbedömning)."
    ),
    columns=[
        Column(
            "asset",
            _("Information asset"),
            lambda o: o.asset.name,
            ("asset__name",),
            link=True,
        ),
        Column("date", _("Date"), lambda o: o.analysed_on, ("analysed_on",)),
        Column("criteria", _("Criteria met"), lambda o: o.criteria_met),
        Column(
            "dpia",
            _("DPIA needed"),
            lambda o: o.dpia_needed,
            badge=lambda o: "warn" if o.dpia_needed else "",
        ),
        Column(
            "status",
            _("DPIA status"),
            lambda o: o.get_dpia_status_display(),
            ("dpia_status",),
        ),
    ],
    default_sort="-date",
    search_fields=("asset__name",),
    filter_form=forms.ThresholdFilters,
    list_select=("asset",),
    detail_select=("asset",),
    detail_template="classification/threshold_detail.html",
    export_name="troskelanalyser",
)

ALL = [assets, classifications, risks, systems, thresholds]


@require_GET
@organisation_view(Capability.VIEW)
def heatmap(request):
    data = heatmap_data(request.organisation, link=True)
    return render(
        request,
        "classification/heatmap.html",
        {
            "data": data,
            "risk_list": reverse(
                "classification:risk_list", args=[request.organisation.code]
            ),
        },
    )


class ImportForm(dj_forms.Form):
    file = dj_forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("At most 5 MB, in the template's column layout."),
        widget=dj_forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet"
            }
        ),
    )


@upload_limit(
    importer.MAX_BYTES + MULTIPART_OVERHEAD,
    # the page itself with the error on the file field; the body is not read
    too_large=lambda request, **url: asset_import(request, too_large=True, **url),
)
@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def asset_import(request, too_large: bool = False):
    if too_large:
        return render(
            request,
            "classification/import.html",
            {
                "form": refused_form(
                    ImportForm, "file", _("The file is larger than 5 MB.")
                ),
                "errors": [],
                "columns": importer.COLUMNS,
            },
            status=413,
        )
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                result = importer.import_assets(
                    organisation=request.organisation,
                    data=upload.read(),
                    by=request.user,
                )
            except importer.ImportRefused as refused:
                form.add_error("file", str(refused))
            except ValidationError as invalid:
                errors = invalid.messages
            else:
                messages.success(
                    request,
                    _(
                        "%(assets)s information assets and %(classifications)s "
                        "classifications were imported."
                    )
                    % {
                        "assets": result.assets,
                        "classifications": result.classifications,
                    },
                )
                return redirect("classification:asset_list", request.organisation.code)
    return render(
        request,
        "classification/import.html",
        {"form": form, "errors": errors, "columns": importer.COLUMNS},
        status=400 if errors else 200,
    )


@require_GET
@organisation_view(Capability.VIEW)
def import_template(request):
    response = HttpResponse(importer.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        'attachment; filename="mall-informationsmangder.xlsx"'
    )
    return response
