from tests.matrix import COORDINATOR, Entry, expect

# Every logged-in user has a profile, whatever their roles (superusers too).
OWN_PAGE = expect(302, 200, 200, 200, 200, 200, 200)

MATRIX = {
    # an empty POST lacks the version the form showed: refused on the form (200)
    "plan_deadline": Entry(get=COORDINATOR, post=COORDINATOR),
    # the same for the reminders' form: refused, nothing saved (200)
    "profile": Entry(get=OWN_PAGE, post=OWN_PAGE),
}
