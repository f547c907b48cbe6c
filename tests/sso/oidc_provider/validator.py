import time

from oauth2_provider.oauth2_validators import OAuth2Validator

EXPIRED_USER = "utgangen"  # gets an ID token that expired an hour ago


class Validator(OAuth2Validator):
    """The claims Entra ID sends: names, e-mail and the group ids."""

    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        return {
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": user.get_full_name(),
            "email": user.email,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(
            token, token_handler, request
        )
        if request.user.username == EXPIRED_USER:
            claims["exp"] = int(time.time()) - 3600
        return claims, expiration
