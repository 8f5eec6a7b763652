"""The notice record as typed data: one state per notice, refused notices tried once a UTC day."""
from __future__ import annotations

from datetime import date, datetime, timezone

from wikigap.outcomes import Kind
from wikigap.store.noticebook import NoticeBook, NoticeState, record_from, state
from wikigap.store.state import State
from wikigap.wikis.errors import Blocked, Refused

ADA = ("results", "Ev/Stockholm", "Ada", "results")
BEA = ("results", "Ev/Stockholm", "Bea", "results")


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=timezone.utc)


def test_each_outcome_leaves_the_notice_in_one_state(state_at):   # SQLite and MariaDB
    with State(state_at) as st:
        book = NoticeBook(st)
        book.record(ADA, "meta:User talk:Ada", Kind.REFUSED, at(7), "abuse filter 1 (“x”)")
        book.record(BEA, "meta:User talk:Bea", Kind.FAILED, at(7), "timed out")
        assert state(book.by_notice()[ADA]) == NoticeState.REFUSED
        assert state(book.by_notice()[BEA]) == NoticeState.DUE
        book.record(ADA, "meta:User talk:Ada", Kind.SAVED, at(8))
        assert book.posted() == {ADA} and book.refused() == []
        book.record(ADA, "meta:User talk:Ada", Kind.SAVED, at(9), resend=True)
        assert state(book.by_notice()[ADA]) == NoticeState.RESENT
        book.record(ADA, "meta:User talk:Ada", Kind.REFUSED, at(10), "protected", resend=True)
        assert book.posted() == {ADA}     # a refused resend leaves it on the page


def test_a_refused_notice_waits_for_the_next_utc_date(state_at):   # SQLite and MariaDB
    with State(state_at) as st:
        book = NoticeBook(st)
        book.record(BEA, "meta:User talk:Bea", Kind.REFUSED, at(7, 23), "abuse filter 1")
        assert book.waiting(date(2026, 12, 7)) == {BEA}
        assert book.waiting(date(2026, 12, 8)) == set()
        [refusal] = book.refused()
        assert refusal.record.reason == "abuse filter 1" and refusal.day == date(2026, 12, 7)


def test_an_old_unmigrated_row_splits_its_reason_once():
    row = {"kind": "results", "event": "E", "organizer": "Ada", "key": "results",
           "posted_at": "2021-03-20T10:00:00+00:00", "outcome": "failed: timed out: twice",
           "target": "meta:User talk:Ada", "detail": ""}
    record = record_from(row)
    assert (record.outcome, record.detail, record.state) == ("failed", "timed out: twice",
                                                             NoticeState.DUE)


def test_only_a_refusal_of_the_text_waits_a_day():
    assert Refused("…", "abusefilter-disallowed").of_text and Refused("…", "spamblacklist").of_text
    assert not Refused("…", "protectedpage").of_text and not Blocked("…").of_text
