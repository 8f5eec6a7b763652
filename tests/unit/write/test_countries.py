"""Country cells in the table's language, from CLDR's names; anything else as written."""
from __future__ import annotations

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

import factories as f
from wikigap.i18n import available
from wikigap.write.countries import country_name
from wikigap.write.render import render_status_table


@pytest.mark.parametrize("written, language, shown", [
    ("Sweden", "sv", "Sverige"), ("Sverige", "en", "Sweden"), ("Brazil", "sv", "Brasilien"),
    ("Brasil", "fr", "Brésil"), ("México", "en", "Mexico"), ("Mexico", "es", "México"),
    ("Kenya", "pt", "Quênia"), ("Egypt", "ar", "Egypt"), ("مصر", "sv", "Egypten"),
    ("  sweden ", "en", "Sweden"), ("Peru", "es", "Perú"), ("Perú", "fr", "Pérou"),
    ("Sweden", "pt-br", "Suécia"), ("Sverige", "de", "Sweden"),   # de: English words, English names
])
def test_a_country_is_named_in_the_tables_language(written: str, language: str, shown: str):
    assert country_name(written, language) == shown


@pytest.mark.parametrize("written", ["Online", "Sweden / Norway", "Swedn", "", "Europe",
                                     "{{flag|Sweden}}"])
def test_what_names_no_country_is_shown_as_written(written: str) -> None:
    assert country_name(written, "sv") == written


@pytest.mark.parametrize("language", sorted(available()))
def test_every_cldr_country_name_of_a_shipped_language_is_read(language: str) -> None:
    swedish = Locale.parse("sv").territories
    names = {code: name for code, name in Locale.parse(language).territories.items()
             if len(code) == 2 and code.isalpha()}
    shown = {code: country_name(name, "sv") for code, name in names.items()}
    wrong = {code: (names[code], text) for code, text in shown.items()
             if text not in (swedish.get(code), names[code])}
    assert not wrong
    assert sum(text == swedish.get(code) for code, text in shown.items()) > 0.95 * len(names)


@given(st.text(max_size=30))
def test_any_text_gives_a_country_name_or_itself(text: str) -> None:
    shown = country_name(text, "sv")
    assert shown == text or shown in Locale.parse("sv").territories.values()


def test_the_swedish_status_table_names_countries_in_swedish() -> None:
    swedish = render_status_table(f.snapshot(), "sv")
    english = render_status_table(f.snapshot(), "en")
    assert "| Brasilien\n" in swedish and "| Sverige\n" in swedish and "| Kenya\n" in swedish
    assert "| Brazil\n" in english and "| Sweden\n" in english
