"""The Challenge's CSV is every export's CSV: one row per line, Excel's dialect with --excel."""
from __future__ import annotations

from wikigap.challenge.write.export import CSV_FIELDS, export_challenge

DOC = {"contestants": [{"user": "Ana", "rank": 1, "points": 2, "articles": 1, "bytes_added": 3000,
                        "words_added": 410, "pending": 0, "lines": [
                            {"wiki": "sv", "title": "Greta; Garbo", "created": True,
                             "bytes_added": 3000, "words_added": 410, "refs": 3, "links": 4,
                             "bonus": 0, "adjustment": 0, "points": 2, "why_not": None}]}]}


def test_csv_is_one_row_per_line_with_user_and_rank_in_front():
    lines = export_challenge(DOC, "csv").splitlines()
    assert lines == [",".join(CSV_FIELDS), 'Ana,1,sv,Greta; Garbo,true,3000,410,3,4,0,0,2,,']


def test_excel_csv_has_a_byte_order_mark_semicolons_and_crlf():
    text = export_challenge(DOC, "csv", excel=True)
    assert text.startswith("\ufeffuser;rank;wiki;title;")
    assert text.split("\r\n")[1] == 'Ana;1;sv;"Greta; Garbo";true;3000;410;3;4;0;0;2;;'
