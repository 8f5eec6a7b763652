"""Five-field crontabs (UTC) read exactly as cron and Toolforge read them.

Used by the config check, `bot.py list` and the scheduler; it needs only
APScheduler's trigger, never a wiki, so each of them can import it freely.
"""
from __future__ import annotations

from datetime import datetime, timezone

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

#: Cron's weekday numbers: Sunday is 0 (and 7).
WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def cron_trigger(crontab: str) -> CronTrigger:
    """Make a UTC trigger that fires exactly when cron (and Toolforge) would.

    APScheduler 3's ``from_crontab`` counts weekdays from Monday = 0, cron from
    Sunday = 0 (or 7): ``0 9 * * 1`` would run on Tuesdays. Days are therefore
    passed as names. Cron runs a job on a day of month *or* a weekday when both
    are restricted, APScheduler on days that are both; that is refused.
    """
    fields = crontab.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 fields (minute hour day month weekday), got {len(fields)}")
    minute, hour, day, month, weekday = fields
    if day != "*" and weekday != "*":
        raise ValueError("restrict the day of month or the weekday, not both "
                         "(cron would run on either, this scheduler only on both)")
    return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                       day_of_week=cron_weekdays(weekday), timezone=timezone.utc)


def switching_trigger(crontab: str, daily: str | None = None,
                      moment: datetime | None = None) -> BaseTrigger:
    """Fire on ``crontab`` until ``moment``, then on ``daily`` (the Challenge: hourly, then daily).

    Without a ``daily`` crontab this is :func:`cron_trigger`. Both parts are
    cron triggers bounded by start and end dates, so APScheduler and
    ``bot.py list`` see the same next run.
    """
    if daily is None or moment is None:
        return cron_trigger(crontab)
    before, after = cron_trigger(crontab), cron_trigger(daily)
    before.end_date, after.start_date = moment, moment
    return OrTrigger([before, after])


def cron_weekdays(field: str) -> str:
    """Spell a cron weekday field (``1-5``, ``0,6``, ``*/2``, ``mon``) as day names."""
    if field == "*":
        return "*"
    days: set[int] = set()
    for token in field.split(","):
        part, _, step = token.partition("/")
        if part == "*":
            low, high = 0, 6
        else:
            low_text, _, high_text = part.partition("-")
            low = _weekday(low_text)
            high = _weekday(high_text) if high_text else (6 if step else low)
        if low > high or (step and int(step) < 1):
            raise ValueError(f"weekday '{token}' is not a valid cron range")
        days |= {d % 7 for d in range(low, high + 1, int(step) if step else 1)}
    return "*" if len(days) == 7 else ",".join(WEEKDAYS[d] for d in sorted(days))


def _weekday(text: str) -> int:
    """Read one cron weekday: 0-7 (0 and 7 are Sunday) or a three-letter name."""
    if text.isdigit() and int(text) <= 7:
        return int(text)
    if text.lower() in WEEKDAYS:
        return WEEKDAYS.index(text.lower())
    raise ValueError(f"'{text}' is not a weekday (0-7 or sun..sat)")

