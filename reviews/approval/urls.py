from django.urls import path

from reviews.approval import views

urlpatterns = [
    path("beslut/", views.decisions, name="decisions"),
    path("<int:pk>/skicka/", views.submit, name="review_submit"),
    path("<int:pk>/underlag/", views.review_basis, name="review_basis"),
    path("<int:pk>/historik/", views.review_history, name="review_history"),
    path("<int:pk>/aterremittera/", views.return_review, name="review_return"),
    path("<int:pk>/besluta/", views.approve, name="review_approve"),
    path("<int:pk>/kommentar/", views.comment, name="review_comment"),
    path("<int:pk>/ny-version/", views.replace, name="review_replace"),
]
