"""``{% org_url %}`` reverses a URL once per view and organisation and puts the
ids in: the result is exactly what ``reverse`` gives, for every view of an
organisation that takes integer arguments, under any script prefix."""

from types import SimpleNamespace

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix

from lgsys.templatetags.lgsys import org_url


def _context(code="KULT"):
    return {"request": SimpleNamespace(organisation=SimpleNamespace(code=code))}


def test_every_view_with_ids_gives_what_reverse_gives():
    checked = 0
    for namespace, (_prefix, sub) in get_resolver().namespace_dict.items():
        for name in sub.reverse_dict:
            if not isinstance(name, str):
                continue
            for arity in (1, 2):
                args = [7, 1234567][:arity]
                try:
                    expected = reverse(f"{namespace}:{name}", args=("KULT", *args))
                except NoReverseMatch:
                    continue
                assert org_url(_context(), f"{namespace}:{name}", *args) == expected
                assert org_url(_context("BOLAG"), f"{namespace}:{name}", *args) == (
                    reverse(f"{namespace}:{name}", args=("BOLAG", *args))
                )
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("prefix", ["/", "/lgsys/"])
def test_the_script_prefix_is_part_of_the_url(prefix):
    set_script_prefix(prefix)
    try:
        assert org_url(_context(), "actions:action_detail", 5) == reverse(
            "actions:action_detail", args=("KULT", 5)
        )
        assert org_url(_context(), "actions:action_detail", 5).startswith(prefix)
    finally:
        set_script_prefix("/")


def test_other_arguments_are_reversed_as_before():
    # not an id: reversed (and refused) as reverse refuses it
    with pytest.raises(NoReverseMatch):
        org_url(_context(), "actions:action_detail", -1)
    with pytest.raises(NoReverseMatch):
        org_url(_context(), "actions:action_detail", "x")
    assert org_url(_context(), "actions:plan") == reverse(
        "actions:plan", args=("KULT",)
    )
