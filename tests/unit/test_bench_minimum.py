"""The benchmark's minimum for registrations and courses (bench/minimum.py), by hand."""
from __future__ import annotations

from bench.minimum import registration_terms


def test_registration_terms_by_hand() -> None:
    # 45 listed: pages of 20, 20, 5 and an empty one = 4; 20 listed: 20 and an empty one = 2;
    # an empty registration still needs its one empty page
    assert registration_terms([45, 20, 0], ids_not_given=2, courses=3) == {
        "registrations": 3, "participant_pages": 4 + 2 + 1, "page_views": 2, "courses": 3}
    assert registration_terms([], 0, 0) == {"registrations": 0, "participant_pages": 0,
                                            "page_views": 0, "courses": 0}
