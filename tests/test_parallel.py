"""Work in a forked child: its result comes back whole (large lists in slices), its errors are raised here."""

import pytest

from generator.parallel import SLICE, Background


def test_a_long_list_comes_back_whole_and_in_order():
    items = [("page-%d" % number, "x" * (number % 7)) for number in range(3 * SLICE + 17)]
    assert Background(lambda: list(items)).result() == items


def test_other_values_and_empty_lists_come_back():
    assert Background(lambda: {"a": 1}).result() == {"a": 1}
    assert Background(lambda: []).result() == []


def test_an_error_in_the_child_is_raised_with_its_message():
    def fail():
        raise ValueError("bad record 42")

    with pytest.raises(RuntimeError, match="ValueError: bad record 42"):
        Background(fail).result()
