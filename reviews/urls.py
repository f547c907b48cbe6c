"""The reviews app's URLs: each module (report, inputs, approval, archive) keeps its
own ``<module>/urls.py`` with a ``urlpatterns`` list; they share the "reviews"
namespace."""

from reviews.approval import urls as approval
from reviews.archive import urls as archive
from reviews.decisions import urls as decisions
from reviews.inputs import urls as inputs
from reviews.report import urls as report

app_name = "reviews"

urlpatterns = [
    *report.urlpatterns,
    *inputs.urlpatterns,
    *approval.urlpatterns,
    *archive.urlpatterns,
    *decisions.urlpatterns,
]
