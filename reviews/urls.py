"""The reviews app's URLs: each module (archive, inputs, report, approval) keeps its
own ``<module>/urls.py`` with a ``urlpatterns`` list; they share the "reviews"
namespace."""

from lgsys.registry import optional_module

app_name = "reviews"

MODULES = ("report", "inputs", "approval", "archive")

urlpatterns: list = []
for _name in MODULES:
    _module = optional_module(f"reviews.{_name}.urls")
    if _module is not None:
        urlpatterns += _module.urlpatterns
