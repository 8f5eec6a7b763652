"""The checks of the bot's own templates and message files, on broken copies of them."""
from __future__ import annotations

import shutil

from wikigap.i18n import I18N
from wikigap.write.render import TEMPLATES
from wikigap.write.selfcheck import message_problems, read_files, template_problems


def test_the_shipped_templates_and_messages_have_no_problem():
    assert template_problems() == []
    assert message_problems() == []


def test_a_broken_template_is_named_with_its_line(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    path = folder / "status-table.wiki.j2"
    path.write_text(path.read_text(encoding="utf-8") + "<% for row in rows %>\n<< row >>\n",
                    encoding="utf-8")                   # a loop never closed
    [problem] = template_problems(folder)
    assert problem.startswith("templates/status-table.wiki.j2, line ")
    assert "endfor" in problem and problem.endswith("(delimiters << >>, <% %>, <# #>)")


def test_a_message_file_that_is_not_json_or_not_text_is_named(tmp_path):
    folder = tmp_path / "i18n"
    shutil.copytree(I18N, folder)
    (folder / "sv.json").write_text('{"@metadata": {}, "wikigapbot-x": "a",}', encoding="utf-8")
    (folder / "pt.json").write_text('{"@metadata": {}, "wikigapbot-x": 3}', encoding="utf-8")
    files, broken = read_files(folder)
    assert "sv" not in files and "en" in files
    assert broken[0].startswith("pt.json: message 'wikigapbot-x' must be a string, not int")
    assert broken[1].startswith("sv.json is not valid JSON (")
