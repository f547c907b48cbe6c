"""The core's part of the dashboard's "Att göra": the organisation's
verksamhetsplan deadline (set by the coordinator), each member's last visit, and
the auditor's "since your last visit". The apps add theirs through their
``dashboard.py`` hooks (lgsys/registry.py)."""
