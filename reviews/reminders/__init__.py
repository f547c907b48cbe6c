"""E-mail reminders (``manage.py send_reminders``): each reminder once per event
and threshold, to the members who can act on it, in Swedish, with a full link.

The reviews app sends them because it knows every other app: the IMY clock of a
personal data breach (48 h and 12 h left), a classification or risk due for
review (within 30 days, and once overdue), an action past its period, a review
waiting 7 days for a decision, a review returned. ``events.py`` finds what is
due, ``send.py`` writes and sends the mails, ``services.py`` records what was
sent (lgsys.models.SentReminder, unique per user, kind and event: a second run
sends nothing twice)."""
