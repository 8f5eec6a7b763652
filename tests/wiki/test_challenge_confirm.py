"""A confirmed ranking holds (issue 26, item 2), on real wikis: confirm, award, disqualify, confirm.

One contest on the sandbox, already final (it closed in 2021), awards to the
top 2, 1 point per article of at least 2,000 bytes on en:

- Ann 3 articles (3 points), Bo 2 (2), Cy 1 of 2,400 bytes, Di 1 of 2,100
  bytes (1 each; Cy ranks above Di on bytes).

Run 1: the confirm page says "Confirmed." -> the confirmation binds to this
ranking, Ann (1) and Bo (2) get their awards. Then the organizers disqualify
Ann. Run 2: the ranking changed (Bo 1, Cy 2, Di 3): no award notice, the
leaderboard and the run say the confirmation no longer holds, who moved and
that Ann's notice no longer matches. A dry run with the confirm page citing
the new ranking's id: "would be posted", nothing posted or recorded. Run 3,
for real: Cy, the one new winner, gets her award; nobody a second one, and
the sent notices are untouched. Then staff resend Bo's award on purpose
(``--resend "User:C26C Bo" --kind award``): a second section, recorded as a
resend, and no other notice; Di, not a winner, gets none (the run fails).
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from challenge_sandbox import article, contest_page
from running import run_tasks
from sandbox_campaign import campaign_yaml

from sandbox import ImportedRevision
from tasks import TASKS
from wikigap.challenge.store.challengestore import ChallengeStore
from wikigap.config import load_config
from wikigap.run import runner
from wikigap.run.context import Resend, RunOptions
from wikigap.store.state import State
from wikigap.write.regions import read_region

P = "C26C"
USERS = [f"{P} {n}" for n in ("Ann", "Bo", "Cy", "Di")]
PAGE, BOARD, CONFIRM = f"{P} Challenge", f"{P} Challenge/Leaderboard", f"{P} Challenge/Confirm"
ADJUSTMENTS = f"{P} Challenge/Adjustments"
WHEN = datetime(2021, 3, 10, 12, tzinfo=timezone.utc)
EDITS = [("Ann", "Ann One", 2500), ("Ann", "Ann Two", 2500), ("Ann", "Ann Three", 2500),
         ("Bo", "Bo One", 2500), ("Bo", "Bo Two", 2500), ("Cy", "Cy One", 2400),
         ("Di", "Di One", 2100)]
MARK = "wikigapbot-notice: challenge-award"


@pytest.fixture(scope="module")
def runs(sandbox, tmp_path_factory):
    """Run the contest as the module's docstring tells; keep what each step showed."""
    for code in ("meta", "en"):
        sandbox[code].create_users(USERS)
    sandbox["en"].import_revisions([ImportedRevision(f"{P} {title}", article(size),
                                                     f"{P} {user}", WHEN)
                                    for user, title, size in EDITS])
    sandbox["meta"].load_pages([(PAGE, contest_page(USERS)), (CONFIRM, "Confirmed. -- staff"),
                                (ADJUSTMENTS, "No adjustments yet.\n")])
    block = {"name": f"{P} Challenge", "wiki": "meta", "page": PAGE, "first_day": "2021-03-08",
             "last_day": "2021-04-08", "wikis": ["en"], "women_only": False,
             "rules": [{"kind": "bytes_at_least", "bytes": 2000, "points": 1}],
             "adjustments": {"page": ADJUSTMENTS},
             "leaderboard": {"page": BOARD, "marker": "leaderboard"},
             "awards": {"top": 2, "confirm_page": CONFIRM}}
    config = load_config(campaign_yaml(sandbox, tmp_path_factory.mktemp("c26c"), f"{P}/Events",
                                       name=f"{P} campaign", challenge=block))
    seen: dict = {"out": [[], [], [], [], [], []]}
    seen["status"] = [run_tasks(config, ["challenge"], echo=seen["out"][0].append)]
    seen["talk1"] = {u: talk(sandbox, u) for u in ("Ann", "Bo", "Cy", "Di")}
    seen["ranking1"] = ranking_id(sandbox)
    sandbox["meta"].load_page(ADJUSTMENTS, f"{{{{WikiGap adjustment|user={P} Ann|disqualify=yes"
                                           f"|reason=Copyright violations}}}}\n")
    seen["status"].append(run_tasks(config, ["challenge"], echo=seen["out"][1].append))
    seen["board2"] = read_region(sandbox["meta"].page_text(BOARD), "leaderboard")
    seen["talk2"] = {u: talk(sandbox, u) for u in ("Ann", "Bo", "Cy", "Di")}
    seen["ranking2"] = ranking_id(sandbox)
    sandbox["meta"].load_page(CONFIRM, f"Confirmed. -- staff\n\nConfirmed ranking "
                                       f"{seen['ranking2']} after the disqualification. -- staff")
    seen["dry"] = runner.run_tasks(config, ["challenge"], TASKS, dry_run=True,
                                   hooks=runner.RunHooks(echo=seen["out"][2].append))
    seen["talk_dry"] = talk(sandbox, "Cy")
    seen["confirmations_dry"] = confirmations(config)
    seen["status"].append(run_tasks(config, ["challenge"], echo=seen["out"][3].append))
    seen["board3"] = read_region(sandbox["meta"].page_text(BOARD), "leaderboard")
    seen["confirmations"] = confirmations(config)
    seen["talk3"] = {u: talk(sandbox, u) for u in ("Ann", "Bo", "Cy", "Di")}
    seen["resent"] = [runner.run_tasks(
        config, ["challenge"], TASKS, options=RunOptions(resend=Resend(f"User:{P} {user}", "award")),
        hooks=runner.RunHooks(echo=out.append)) for user, out in
        (("Bo", seen["out"][4]), ("Di", seen["out"][5]))]
    seen["notices"] = notices(config)
    return seen


def notices(config) -> list[tuple[str, str]]:
    with State(config.state_path) as state:
        return [(row["organizer"], row["detail"]) for row in
                state.notices(kind="challenge-award", event=config.challenge.name)]


def talk(sandbox, user: str) -> str:
    return sandbox["meta"].page_text(f"User talk:{P} {user}") or ""


def ranking_id(sandbox) -> str:
    """The ranking id the leaderboard shows."""
    text = read_region(sandbox["meta"].page_text(BOARD), "leaderboard")
    return text.split("Ranking id: ", 1)[1].split(".", 1)[0]


def confirmations(config) -> list:
    with State(config.state_path) as state:
        return [ranking for ranking, _, _ in
                ChallengeStore.of(state).confirmations(config.challenge.name)]


def said(seen, run: int) -> str:
    return "\n".join(seen["out"][run])


def test_every_run_succeeds(runs):
    assert runs["status"] == [0, 0, 0], runs["out"]
    assert runs["dry"].status == 0


def test_the_first_confirmation_binds_to_the_ranking_and_the_top_two_get_awards(runs):
    assert f"confirms ranking {runs['ranking1']}: recorded" in said(runs, 0)
    assert "2 award notice(s) due, 2 posted, 0 before" in said(runs, 0)
    assert runs["talk1"]["Ann"].count(MARK) == 1 and runs["talk1"]["Bo"].count(MARK) == 1
    assert runs["talk1"]["Cy"] == "" and runs["talk1"]["Di"] == ""
    assert "you are number 1" in runs["talk1"]["Ann"].lower() or "number 1" in runs["talk1"]["Ann"]


def test_a_disqualification_after_it_stops_the_awards_and_board_and_run_say_why(runs):
    assert runs["ranking2"] != runs["ranking1"]
    assert runs["talk2"] == runs["talk1"]               # no new award notice, none edited
    out = said(runs, 1)
    assert "award notice(s) due" not in out
    assert (f"the ranking changed since staff confirmed it (ranking {runs['ranking1']}, now "
            f"{runs['ranking2']}): award notices wait until [[{CONFIRM}]] cites ranking "
            f"{runs['ranking2']}") in out
    assert (f"moved since the confirmation: {P} Ann (number 1, 3 points → disqualified), "
            f"{P} Bo (number 2, 2 points → number 1, 2 points), {P} Cy (number 3, 1 points → "
            f"number 2, 1 points), {P} Di (number 4, 1 points → number 3, 1 points)") in out
    assert (f"sent award notices that no longer match: {P} Ann (the notice says number 1, 3 "
            f"points; now disqualified), {P} Bo (the notice says number 2, 2 points; now "
            f"number 1, 2 points)") in out
    board = runs["board2"]
    assert (f"The ranking changed since staff confirmed it (they confirmed ranking "
            f"{runs['ranking1']}; this is ranking {runs['ranking2']})") in board
    assert f"Moved since the confirmation: {P} Ann (number 1 with 3 points → disqualified)" \
        in board
    assert "These award notices were sent and no longer match the ranking:" in board


def test_a_dry_run_says_would_post_and_posts_and_records_nothing(runs):
    out = said(runs, 2)
    assert f"confirms ranking {runs['ranking2']}: would be recorded (dry run)" in out
    assert "1 award notice(s) due, 1 would be posted (dry run), 2 before" in out
    assert " posted," not in out.replace("would be posted", "")
    assert runs["talk_dry"] == "" and runs["confirmations_dry"] == [runs["ranking1"]]


def test_a_new_confirmation_citing_the_new_id_sends_awards_to_new_winners_only(runs):
    out = said(runs, 3)
    assert f"confirms ranking {runs['ranking2']}: recorded" in out
    assert "1 award notice(s) due, 1 posted, 2 before" in out
    after = runs["talk3"]
    assert after["Cy"].count(MARK) == 1 and "number 2" in after["Cy"]
    assert after["Ann"] == runs["talk1"]["Ann"] and after["Bo"] == runs["talk1"]["Bo"]
    assert after["Di"] == ""                            # never a second, never edited
    assert runs["confirmations"] == [runs["ranking1"], runs["ranking2"]]
    assert "changed since staff confirmed" not in runs["board3"]
    assert "These award notices were sent and no longer match the ranking:" in runs["board3"]


def test_staff_resend_an_award_on_purpose_and_only_a_winner_s(runs, sandbox):
    bo, di = runs["resent"]
    assert bo.status == 0 and "--resend award → C26C Bo: 1 of 1 posted again" in said(runs, 4)
    assert talk(sandbox, "Bo").count(MARK) == 2 and talk(sandbox, "Bo").startswith(
        runs["talk3"]["Bo"].rstrip())
    assert (f"{P} Bo", "resend") in runs["notices"]
    assert di.status == 1 and talk(sandbox, "Di") == ""
    assert "--resend: C26C Di is not ranked within the top 2" in di.tasks[0].message
    for user in ("Ann", "Cy"):                       # nobody else got anything
        assert talk(sandbox, user) == runs["talk3"][user]
