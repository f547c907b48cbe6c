"""The three-year action plan (filled out by the action-plan issue)."""
