from django.urls import path

from reviews.report import pdf_views, views

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("ny/", views.review_create, name="review_create"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/uppgifter/", views.review_edit, name="review_edit"),
    path("<int:pk>/avsnitt/<str:key>/", views.section_edit, name="section_edit"),
    path("<int:pk>/datablock/", views.review_blocks, name="review_blocks"),
    path("<int:pk>/forhandsgranskning/", views.review_preview, name="review_preview"),
    path("<int:pk>/genomgang.pdf", pdf_views.review_pdf, name="review_pdf"),
]
