# The city level's own pages (its home, onboarding, invitations); the apps add
# theirs through the registry's ``city_urls``.
urlpatterns = []
