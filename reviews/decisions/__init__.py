"""What each review decided: the actions of the plan and the findings behind
them (``DecidedAction``), their status in later reviews (ISO 27001 9.3.2 a, the
"carry-over"), and the panels that show them on the action plan's pages."""
