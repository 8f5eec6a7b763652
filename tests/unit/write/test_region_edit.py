"""``region_edit``, the one plan of a marked region's replacement (status tables, event tables,
the Challenge's rules box, leaderboard and results draft)."""
from __future__ import annotations

import pytest

from wikigap.write.publisher import region_edit
from wikigap.write.regions import RegionError, begin_marker, end_marker

PAGE = f"Intro\n{begin_marker('status')}\nold\n{end_marker('status')}\nOutro\n"


def test_only_the_region_changes():
    plan = region_edit("meta", "P", "status", "new", "Bot: update")
    assert plan.change(PAGE) == f"Intro\n{begin_marker('status')}\nnew\n{end_marker('status')}\nOutro\n"
    assert (plan.wiki, plan.title, plan.summary) == ("meta", "P", "Bot: update")


def test_a_missing_page_of_people_is_refused_with_the_fix():
    plan = region_edit("meta", "P", "status", "new", "s", where="where the table should go")
    with pytest.raises(RegionError, match=r"^\[\[P\]\] does not exist; create it with the bot's "
                                          r"'status' markers where the table should go$"):
        plan.change(None)
    with pytest.raises(RegionError, match=r"'rules' markers$"):
        region_edit("meta", "P", "rules", "new", "s").change(None)


def test_a_missing_page_of_the_bot_is_made_holding_only_the_region():
    plan = region_edit("meta", "Board", "leaderboard", "table", "s", create=True)
    assert plan.change(None) == f"{begin_marker('leaderboard')}\ntable\n{end_marker('leaderboard')}\n"


def test_a_new_update_time_alone_is_no_change():
    def page(content: str) -> str:
        return f"{begin_marker('status')}\n{content}\n{end_marker('status')}\n"
    time = '<span class="wikigapbot-time">{}</span>'
    plan = region_edit("meta", "P", "status", "x", "s")
    assert plan.same is not None
    assert plan.same(page("a " + time.format("08:00")), page("a " + time.format("09:00")))
    assert not plan.same(page("a " + time.format("08:00")), page("b " + time.format("09:00")))
