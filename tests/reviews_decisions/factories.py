from reviews.models import DecidedAction


def decide(action, review, findings=()) -> DecidedAction:
    """Record (without a service) that ``review`` decided ``action``."""
    decision = DecidedAction.objects.create(
        organisation=action.organisation, action=action, review=review
    )
    decision.findings.set(findings)
    return decision
