"""A member's own page: who they are, where they are a member, and which e-mail
reminders they receive (``reviews``' ``send_reminders`` honours the choices)."""
