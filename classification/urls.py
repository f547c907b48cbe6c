from django.urls import path

from classification import views

app_name = "classification"

urlpatterns = [
    path("informationsmangder/import/", views.asset_import, name="asset_import"),
    path(
        "informationsmangder/import/mall.xlsx",
        views.import_template,
        name="import_template",
    ),
    path("risker/karta/", views.heatmap, name="heatmap"),
    *[pattern for crud in views.ALL for pattern in crud.urls()],
]
