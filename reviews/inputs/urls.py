from reviews.inputs.views import ALL

urlpatterns = [pattern for crud in ALL for pattern in crud.urls()]
