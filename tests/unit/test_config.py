"""Configuration errors: exit status 2 and a message naming the file and the key.

Each case starts from the shipped campaign file, changes one thing and runs
`bot.py run tally` in-process; nothing may reach a wiki before the check.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

import bot
from tasks import TASKS
from wikigap.config import DEFAULT_CONFIG, ConfigError, load_config
from wikigap.count.views import project_for

BASE = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))


def _without(key: str):
    def change(c):
        del c[key]
    return change


def _set(path: str, value):
    def change(c):
        *parents, last = path.split(".")
        for p in parents:
            c = c[p]
        c[last] = value
    return change


CASES = [
    ("missing name", _without("name"), "name", "required key is missing"),
    ("missing events", _without("events"), "events", "required key is missing"),
    ("missing events.page", lambda c: c["events"].pop("page"), "events.page", "required"),
    ("unknown top key", _set("evnets", {}), "evnets", "unknown key"),
    ("unknown nested key", _set("events.grace_dayz", 3), "events.grace_dayz", "unknown key"),
    ("wrong type int", _set("events.grace_days", "seven"), "events.grace_days", "expected int"),
    ("wrong type bool", _set("event_tables", "yes please"), "event_tables", "expected bool"),
    ("wrong type list", _set("status_tables", {"wiki": "meta"}), "status_tables", "expected a list"),
    ("negative number", _set("max_snapshot_age", -5), "max_snapshot_age", "negative"),
    ("undefined wiki", _set("events.wiki", "metta"), "events.wiki", "not defined under 'wikis'"),
    ("undefined wiki in list", lambda c: c["status_tables"][1].update(wiki="sv"),
     "status_tables[1].wiki", "not defined"),
    ("bad crontab", _set("schedule.tally", "every hour"), "schedule.tally", "bad crontab"),
    ("bad crontab field", _set("schedule.notify", "0 25 * * *"), "schedule.notify", "bad crontab"),
    ("unknown task", _set("schedule.tallly", "0 * * * *"), "schedule.tallly", "unknown task"),
    ("bad language", lambda c: c["status_tables"][0].update(language="de"),
     "status_tables[0].language", "has no message file"),
    ("notify language without a file", _set("notify.language", "xx"), "notify.language",
     "i18n/ has: en, es, fr, pt, sv"),
    ("withdrawn notify language", _set("notify.language", "ar"), "notify.language",
     "'ar' is withdrawn: i18n/withdrawn/ar.json is incomplete"),
    ("withdrawn table language", lambda c: c["status_tables"][0].update(language="arz"),
     "status_tables[0].language", "'arz' is withdrawn: i18n/withdrawn/ar.json"),
    ("bad goal metric", lambda c: c["progress_report"]["goals"].update({"G.2.1": "articles"}),
     "progress_report.goals.G.2.1",
     "is not a metric"),
    ("pattern without lang", _set("content_wikis", "wikipedia:en"), "content_wikis", "{lang}"),
    ("pageviews without contact", lambda c: c["pageviews"].pop("contact"), "pageviews.contact",
     "required"),
    ("pageviews blank contact", _set("pageviews.contact", "  "), "pageviews.contact", "required"),
    ("pageviews api not a URL", _set("pageviews.api", "wikimedia.org/api/rest_v1"),
     "pageviews.api", "not an http(s) URL"),
    ("pageviews project without lang", _set("pageviews.project", "wikipedia"),
     "pageviews.project", "{lang}"),
    ("pageviews refresh_days text", _set("pageviews.refresh_days", "weekly"),
     "pageviews.refresh_days", "expected int"),
    ("wikidata not a site", _set("wikidata", "wikidata"), "wikidata", "neither a pywikibot site"),
    ("dashboard url not a URL", _set("dashboard", {"url": "outreachdashboard.wmflabs.org"}),
     "dashboard.url", "not an http(s) URL"),
    ("dashboard unknown key", _set("dashboard", {"host": "x"}), "dashboard.host", "unknown key"),
    ("new_editor_days negative", _set("new_editor_days", -1), "new_editor_days", "negative"),
    ("new_editor_days text", _set("new_editor_days", "sixty"), "new_editor_days", "expected int"),
    ("exclude_tags not a list", _set("exclude_tags", "mw-reverted"), "exclude_tags",
     "expected a list"),
    ("exclude_tags empty name", _set("exclude_tags", ["mw-undo", " "]), "exclude_tags",
     "must not be empty"),
    ("wait_for_views_days text", _set("notify.wait_for_views_days", "two weeks"),
     "notify.wait_for_views_days", "expected int"),
    ("wait_for_views_days negative", _set("notify.wait_for_views_days", -1),
     "notify.wait_for_views_days", "negative"),
    ("challenge: unknown rule kind", _set("challenge.rules", [{"kind": "likes", "points": 1}]),
     "challenge.rules[0].kind", "unknown rule kind 'likes'"),
    ("challenge: rule without points", _set("challenge.rules", [{"kind": "created"}]),
     "challenge.rules[0]", "points"),
    ("challenge: window ends before it starts", _set("challenge.last_day", "2021-03-01"),
     "challenge.last_day", "before first_day"),
    ("challenge: wiki not defined", _set("challenge.wiki", "wikidata"), "challenge.wiki",
     "not defined under 'wikis'"),
    ("challenge: bad crontab", _set("schedule.challenge", "hourly"), "schedule.challenge",
     "bad crontab"),
    ("max_run_minutes zero", _set("max_run_minutes", 0), "max_run_minutes", "at least 1"),
    ("max_run_minutes text", _set("max_run_minutes", "an hour"), "max_run_minutes",
     "expected int"),
]


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "campaign.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True) if not isinstance(data, str) else data,
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("label,change,key,words", CASES, ids=[c[0] for c in CASES])
def test_config_error_exits_2_naming_the_key(tmp_path, capsys, label, change, key, words):
    data = copy.deepcopy(BASE)
    change(data)
    path = write(tmp_path, data)
    assert bot.main(["run", "tally", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert key in err
    assert words in err


def test_shipped_campaign_is_valid():
    config = load_config(DEFAULT_CONFIG, TASKS)
    assert config.name == "WikiGap 2021"
    assert config.content_site("pt") == "wikipedia:pt"
    assert [t.language for t in config.status_tables] == ["en", "sv"]
    assert (config.wikidata, config.new_editor_days) == ("wikidata:wikidata", 60)
    assert config.exclude_tags == ("mw-reverted", "mw-rollback", "mw-undo", "mw-manual-revert")


def test_impact_keys_have_the_issue_defaults_and_any_metric_is_a_goal(tmp_path):
    data = copy.deepcopy(BASE)
    for key in ("wikidata", "new_editor_days", "exclude_tags"):
        data.pop(key, None)
    data["progress_report"]["goals"] = {"T.1.1": "created_about_women", "G.1": "new_editors"}
    config = load_config(write(tmp_path, data))
    assert (config.wikidata, config.new_editor_days) == ("wikidata:wikidata", 60)
    assert config.exclude_tags == ("mw-reverted", "mw-rollback", "mw-undo", "mw-manual-revert")
    assert config.progress_report.goals["T.1.1"] == "created_about_women"


def test_max_run_minutes_defaults_to_45(tmp_path):
    data = copy.deepcopy(BASE)
    data.pop("max_run_minutes", None)
    assert load_config(write(tmp_path, data)).max_run_minutes == 45
    data["max_run_minutes"] = 3
    assert load_config(write(tmp_path, data)).max_run_minutes == 3


def test_not_yaml_and_missing_file(tmp_path, capsys):
    path = write(tmp_path, "name: [unclosed\n")
    assert bot.main(["list", "--config", str(path)]) == 2
    assert "not valid YAML" in capsys.readouterr().err
    assert bot.main(["list", "--config", str(tmp_path / "nope.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_config_from_environment(tmp_path, monkeypatch, capsys):
    data = copy.deepcopy(BASE)
    data["name"] = "From the environment"
    monkeypatch.setenv("WIKIGAPBOT_CONFIG", str(write(tmp_path, data)))
    assert bot.main(["list"]) == 0
    assert "From the environment" in capsys.readouterr().out


def test_unreachable_wiki_exits_1_before_any_write_in_one_whole_line(tmp_path, capsys):
    """A well-formed address that does not answer is an unreachable wiki, not a config error."""
    data = copy.deepcopy(BASE)
    data["wikis"]["se"] = "http://127.0.0.1:9/api.php"   # the discard port: nothing answers
    data["state"] = str(tmp_path / "state.sqlite")
    data["wikis"]["meta"] = data["wikis"]["se"]
    assert bot.main(["run", "tally", "--config", str(write(tmp_path, data))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("unreachable wiki: wikis.meta (http://127.0.0.1:9/api.php) could not "
                          "be reached: ") and "configuration error" not in err
    assert err.rstrip().endswith("nothing was run or written. Run again when it answers")
    assert "GaveUp" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "state.sqlite").exists()


def test_a_wiki_pywikibot_cannot_name_is_a_configuration_error(tmp_path, capsys):
    data = copy.deepcopy(BASE)
    data["wikis"]["meta"] = "nosuchfamily:xx"
    data["state"] = str(tmp_path / "state.sqlite")
    assert bot.main(["run", "tally", "--config", str(write(tmp_path, data))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("configuration error:") and "wikis.meta" in err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        bot.main(["run", "not-a-task"])
    assert exit_info.value.code == 2


def test_error_type_carries_file_and_key(tmp_path):
    data = copy.deepcopy(BASE)
    del data["account"]
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, data), TASKS)
    assert info.value.key == "account"
    assert info.value.file.endswith("campaign.yaml")


def test_views_can_be_a_goal_and_projects_can_be_mapped(tmp_path):
    data = copy.deepcopy(BASE)
    data["progress_report"]["goals"]["T.3.1"] = "views"
    data["pageviews"]["project"] = {"en": "en.wikipedia", "simple": "simple.wikipedia"}
    config = load_config(write(tmp_path, data))
    assert config.progress_report.goals["T.3.1"] == "views"
    assert project_for("simple", config.pageviews.project) == "simple.wikipedia"
    with pytest.raises(KeyError, match="pageviews.project"):
        project_for("pt", config.pageviews.project)
    assert project_for("pt", load_config(DEFAULT_CONFIG).pageviews.project) == "pt.wikipedia"


def test_run_all_is_the_four_publishing_tasks_and_views_runs_on_its_own():
    assert bot.ALL == ["tally", "status-table", "progress-report", "notify"]
    assert bot.parser().parse_args(["run", "views"]).tasks == ["views"]


def test_any_language_with_a_message_file_or_its_fallback_is_accepted(tmp_path):
    data = copy.deepcopy(BASE)
    data["status_tables"][0]["language"] = "es"
    data["notify"]["language"] = "pt-br"          # no pt-br.json: falls back to pt.json
    config = load_config(write(tmp_path, data))
    assert config.status_tables[0].language == "es" and config.notify.language == "pt-br"


def test_dashboard_defaults_to_the_outreach_dashboard_and_takes_a_double(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(Path(DEFAULT_CONFIG).read_text(encoding="utf-8"), encoding="utf-8")
    assert load_config(path).dashboard.url == "https://outreachdashboard.wmflabs.org"
    path.write_text(path.read_text(encoding="utf-8") + "\ndashboard: {url: 'http://127.0.0.1:8123'}\n",
                    encoding="utf-8")
    assert load_config(path).dashboard.url == "http://127.0.0.1:8123"


def test_the_challenge_block_is_read_and_runs_hourly_then_daily(tmp_path):
    config = load_config(DEFAULT_CONFIG, TASKS)
    challenge = config.challenge
    assert (challenge.name, challenge.wikis, challenge.settle_hours) == (
        "WikiGap Challenge 2021", None, 24)
    assert config.schedule["challenge"] == "20 * * * *"
    assert config.daily_after() == {"challenge": ("20 6 * * *", challenge.settles)}
    data = copy.deepcopy(BASE)
    del data["schedule"]["challenge"]
    unscheduled = load_config(write(tmp_path, data), TASKS)
    assert unscheduled.schedule["challenge"] == "20 * * * *"   # a challenge always has its crontab
    del data["challenge"]
    assert "challenge" not in load_config(write(tmp_path, data), TASKS).schedule


def test_the_state_is_a_path_or_a_database_url_and_the_environment_wins(monkeypatch):
    from wikigap.config import ROOT
    monkeypatch.delenv("WIKIGAPBOT_STATE", raising=False)
    config = load_config(DEFAULT_CONFIG, TASKS)
    assert config.state_ref == str(ROOT / config.state) and not config.state_in_database
    assert config.state_path == ROOT / config.state
    url = "mysql://s55123@tools.db.svc.wikimedia.cloud/s55123__wikigapbot"
    monkeypatch.setenv("WIKIGAPBOT_STATE", url)
    assert config.state_ref == url and config.state_in_database
    with pytest.raises(ValueError, match="the state is a database"):
        print(config.state_path)
    monkeypatch.setenv("WIKIGAPBOT_STATE", "/srv/state/x.sqlite")
    assert config.state_path == Path("/srv/state/x.sqlite")


def test_resend_of_an_award_goes_with_the_challenge_task(tmp_path, capsys):
    data = copy.deepcopy(BASE)
    data["state"] = str(tmp_path / "state.sqlite")
    path = str(write(tmp_path, data))
    assert bot.main(["run", "notify", "--resend", "User:Ann", "--kind", "award",
                     "--config", path]) == 2
    assert "usage error: --kind award posts a Challenge award notice again: run it with the " \
           "challenge task" in capsys.readouterr().err
    assert not (tmp_path / "state.sqlite").exists()
