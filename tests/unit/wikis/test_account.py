"""The password file check: each way it can be unusable is one message with the fix, no secret."""
from __future__ import annotations

import secrets
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from wikigap.wikis.account import entry_user, password_file_problem

#: Made afresh each run, so no password-like value is kept in the repository.
SECRET = secrets.token_urlsafe(12)


def password_file(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "bot.password"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_a_botpassword_line_for_the_account_is_usable(tmp_path):
    path = password_file(tmp_path, f"# the bot\n('WikiGapBot', BotPassword('wikigapbot', '{SECRET}'))\n")
    assert password_file_problem(path, "WikiGapBot") is None


def test_every_pywikibot_entry_form_names_its_user(tmp_path):
    assert entry_user(f"('Wiki_gapBot', '{SECRET}')") == "Wiki gapBot"
    assert entry_user(f"('wikipedia', 'wikiGapBot', '{SECRET}')") == "WikiGapBot"
    assert entry_user(f"('en', 'wikipedia', 'WikiGapBot', BotPassword('x', '{SECRET}'))") == "WikiGapBot"
    assert entry_user("('just one',)") is None
    assert entry_user("__import__('os').system('true')") is None     # parsed, never run
    assert entry_user("# ('WikiGapBot', 'x')") is None


def test_missing_file_says_how_to_make_one(tmp_path):
    problem = password_file_problem(tmp_path / "none.password", "WikiGapBot")
    assert problem == (f"{tmp_path / 'none.password'} does not exist; create it (mode 0600) with "
                       "the line ('WikiGapBot', BotPassword('wikigapbot', 'THE-GENERATED-SECRET')), "
                       "or point WIKIGAPBOT_PASSWORD_FILE at yours")
    assert "no password file is configured" in password_file_problem(None, "WikiGapBot")


def test_a_folder_is_not_a_password_file(tmp_path):
    assert password_file_problem(tmp_path, "WikiGapBot").endswith("is not a file; point "
                                                                  "WIKIGAPBOT_PASSWORD_FILE at the password file")


def test_a_file_others_may_read_is_refused_with_chmod(tmp_path):
    path = password_file(tmp_path, f"('WikiGapBot', '{SECRET}')\n", 0o640)
    assert password_file_problem(path, "WikiGapBot") == (
        f"{path} has mode 0640, so others may read it; run: chmod 600 {path}")


def test_no_entry_for_the_account_names_it_and_quotes_no_line(tmp_path):
    path = password_file(tmp_path, f"('OtherBot', BotPassword('x', '{SECRET}'))\nnot python at all\n")
    problem = password_file_problem(path, "WikiGapBot")
    assert problem.startswith(f"{path} has no entry for the account 'WikiGapBot'; add the line")
    assert SECRET not in problem and "OtherBot" not in problem


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "bot.password"
    path.write_bytes(b"('WikiGapBot', '\xff\xfe')\n")
    path.chmod(0o600)
    assert "cannot be read (UnicodeDecodeError)" in password_file_problem(path, "WikiGapBot")


@given(st.text(max_size=200))
def test_any_line_gives_a_name_or_none_and_never_raises(line):
    name = entry_user(line)
    assert name is None or isinstance(name, str)


@given(st.text(min_size=1), st.text(min_size=1), st.none() | st.text(min_size=1))
def test_an_environment_password_of_any_characters_makes_a_line_pywikibot_reads(user, secret, name):
    import ast

    from wikigap.wikis.account import password_line
    line = password_line(user, secret, name)
    entry = ast.literal_eval(line.replace("BotPassword", ""))     # as pywikibot parses it
    assert entry == ((user, (name, secret)) if name else (user, secret))


def test_the_environment_login_and_its_one_mistake():
    from wikigap.wikis.account import environment_login, environment_problem
    assert environment_login({}) is None and environment_problem({}) is None
    assert environment_login({"WIKIGAPBOT_PASSWORD": "s3cret-pw"}) == ("s3cret-pw", None)
    assert environment_login({"WIKIGAPBOT_PASSWORD": "s3cret-pw",
                              "WIKIGAPBOT_BOTPASSWORD_NAME": " wikigapbot "}) == (
        "s3cret-pw", "wikigapbot")
    assert "WIKIGAPBOT_PASSWORD is not" in environment_problem(
        {"WIKIGAPBOT_BOTPASSWORD_NAME": "wikigapbot"})
