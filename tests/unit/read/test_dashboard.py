"""Reading Dashboard course links and answers (shapes from the shared registrations.md, section 2)."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikigap.read.dashboard import (DashboardAnswerError, course_days, course_participants,
                                    course_slug)


@pytest.mark.parametrize("cell, slug", [
    ("https://outreachdashboard.wmflabs.org/courses/Swedish_Embassy/WikiGap_2021_(Oslo)",
     "Swedish_Embassy/WikiGap_2021_(Oslo)"),
    ("https://outreachdashboard.wmflabs.org/courses/Sida/WikiGap_Oslo/students", "Sida/WikiGap_Oslo"),
    ("https://outreachdashboard.wmflabs.org/courses/Sida/WikiGap%20Oslo/home/", "Sida/WikiGap_Oslo"),
    ("Sida/WikiGap Oslo", "Sida/WikiGap_Oslo"), (" /Sida/X/ ", "Sida/X"),
    ("https://outreachdashboard.wmflabs.org/campaigns/wikigap_2020", None),
    ("WikiGap Oslo", None), ("a/b/c", None), ("", None), ("[[Sida/X]]", None),
])
def test_course_cells(cell: str, slug: str | None) -> None:
    assert course_slug(cell) == slug


def user(name: str, role: int) -> dict:
    """One users.json entry with the fields the Dashboard sends (a few of them)."""
    return {"username": name, "role": role, "id": hash(name) % 1000, "global_id": None,
            "enrolled_at": "2021-03-01T10:00:00.000Z", "registered_at": None,
            "character_sum_ms": 0, "references_count": 0}


def test_participants_are_role_0_once_each_facilitators_left_out() -> None:
    body = {"course": {"users": [user("Ana", 0), user("Fac", 1), user("bea_c", 0),
                                 user("Ana", 3), user("Staff", 4), user("Bea c", 0)]}}
    # Fac (1) and Staff (4) are not participants; Ana's volunteer role does not count twice;
    # bea_c and "Bea c" are one account as MediaWiki compares names
    assert course_participants(body) == ("Ana", "Bea c")


def test_course_days_are_utc_days_of_start_and_end() -> None:
    body = {"course": {"start": "2021-03-08T00:00:00.000Z", "end": "2021-03-14T23:59:59.000Z"}}
    assert course_days(body) == (date(2021, 3, 8), date(2021, 3, 14))


@pytest.mark.parametrize("body", [{"message": "Not found"}, [], {"course": {"users": "x"}}])
def test_unreadable_users_json_is_an_error(body: object) -> None:
    with pytest.raises(DashboardAnswerError, match="course.users"):
        course_participants(body)


@pytest.mark.parametrize("body", [{}, {"course": {"start": "soon", "end": "later"}},
                                  {"course": {"start": "2021-03-08T00:00:00Z"}}])
def test_unreadable_course_json_is_an_error(body: object) -> None:
    with pytest.raises(DashboardAnswerError):
        course_days(body)


@given(st.text(max_size=80))
def test_any_cell_gives_a_two_part_slug_or_none(cell: str) -> None:
    slug = course_slug(cell)
    assert slug is None or (slug.count("/") == 1 and " " not in slug)
