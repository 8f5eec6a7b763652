"""The sandbox wikis behave like the real ones as far as the bot can tell.

Every other integration test trusts these wikis, so this checks what the bot
relies on through pywikibot itself: login as a bot, saving, past revisions
in usercontribs (timestamps, size diffs, page creations), redirects,
deletion, read-only mode and a Swedish content language.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sandbox import BOT_USER, ImportedRevision, Sandbox, SandboxWiki


def connect(wiki: SandboxWiki):
    """Log pywikibot in as the bot on a sandbox wiki, found by URL."""
    import pywikibot   # after conftest has set PYWIKIBOT_DIR

    site = pywikibot.Site(url=wiki.api_url, fam='sbx' + wiki.name)
    site.login()
    return site


def contribs(site, user: str) -> list[dict]:
    """All of a user's live contributions, oldest first.

    sizediff is not in pywikibot's default props, and formatversion 2 makes
    ``new`` a real boolean (version 1 sends an empty string when true).
    """
    gen = site.usercontribs(user=user, reverse=True, formatversion=2,
                            prop=['ids', 'title', 'timestamp', 'comment',
                                  'size', 'sizediff', 'flags'])
    return list(gen)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_pywikibot_config_is_the_test_one(pwb_dir):
    import pywikibot.config as config

    assert config.base_dir == str(pwb_dir)
    assert config.put_throttle == 0


def test_bot_logs_in_saves_and_reads_back(sandbox: Sandbox):
    import pywikibot

    site = connect(sandbox['en'])
    assert site.user() == BOT_USER
    assert 'bot' in site.userinfo['groups']

    page = pywikibot.Page(site, 'Sandbox save test')
    page.text = "Saved by the bot & read back: <b>ok</b>"
    page.save(summary='sandbox test')

    again = pywikibot.Page(site, 'Sandbox save test')
    assert again.text == "Saved by the bot & read back: <b>ok</b>"
    assert again.latest_revision.user == BOT_USER
    assert sandbox['en'].page_text('Sandbox save test') == again.text


def test_imported_revisions_show_in_usercontribs(sandbox: Sandbox):
    wiki = sandbox['pt']
    wiki.create_users(['Ana Importada', 'Bruno Importado'])
    text1 = 'Lisboa é a capital. <ref>A & B</ref>'
    text2 = text1 + ' Mais texto.'
    text3 = 'Curto.'
    # Given out of order on purpose: the sandbox sorts per page.
    wiki.import_revisions([
        ImportedRevision('Lisboa 2021', text3, 'Ana Importada',
                         utc(2021, 3, 10, 9, 0), 'encurta'),
        ImportedRevision('Lisboa 2021', text1, 'Ana Importada',
                         utc(2021, 3, 8, 12, 30), 'cria'),
        ImportedRevision('Lisboa 2021', text2, 'Bruno Importado',
                         utc(2021, 3, 9, 15, 45), 'amplia'),
        ImportedRevision('Porto 2021', 'O Porto.', 'Bruno_Importado',
                         utc(2021, 3, 8, 18, 0)),
    ])

    site = connect(wiki)
    ana = contribs(site, 'Ana Importada')
    assert [(c['title'], c['timestamp']) for c in ana] == [
        ('Lisboa 2021', '2021-03-08T12:30:00Z'),
        ('Lisboa 2021', '2021-03-10T09:00:00Z'),
    ]
    assert all(c['user'] == 'Ana Importada' for c in ana)
    size = [len(t.encode()) for t in (text1, text2, text3)]
    assert [c['sizediff'] for c in ana] == [size[0], size[2] - size[1]]
    assert [c['new'] for c in ana] == [True, False]
    assert ana[0]['comment'] == 'cria'

    bruno = contribs(site, 'Bruno Importado')
    assert [(c['title'], c['new'], c['sizediff']) for c in bruno] == [
        ('Porto 2021', True, len('O Porto.')),
        ('Lisboa 2021', False, size[1] - size[0]),
    ]
    assert wiki.revision_count('Lisboa 2021') == 3
    assert wiki.page_text('Lisboa 2021') == text3


def test_history_imported_in_two_parts_is_relinked(sandbox: Sandbox):
    """An older revision imported later becomes the page creation."""
    wiki = sandbox['pt']
    wiki.create_users(['Carla Tarde', 'Duarte Cedo'])
    wiki.import_revisions([ImportedRevision(
        'Braga 2021', 'Braga, mais longo.', 'Carla Tarde', utc(2021, 3, 9))])
    wiki.import_revisions([ImportedRevision(
        'Braga 2021', 'Braga.', 'Duarte Cedo', utc(2021, 3, 8))])

    site = connect(wiki)
    [late] = contribs(site, 'Carla Tarde')
    [early] = contribs(site, 'Duarte Cedo')
    assert (early['new'], early['sizediff']) == (True, len('Braga.'))
    assert (late['new'], late['sizediff']) == (
        False, len('Braga, mais longo.') - len('Braga.'))
    assert late['top'] and wiki.page_text('Braga 2021') == 'Braga, mais longo.'


def test_import_needs_existing_users(sandbox: Sandbox):
    with pytest.raises(ValueError, match='Nobody Yet'):
        sandbox['pt'].import_revisions([ImportedRevision(
            'Nowhere', 'x', 'Nobody Yet', utc(2021, 1, 1))])


def test_redirects_are_redirects(sandbox: Sandbox):
    import pywikibot

    wiki = sandbox['en']
    wiki.create_users(['Redirect Maker'])
    wiki.load_page('Redirect target', 'The target.')
    wiki.load_page('Loaded redirect', '#REDIRECT [[Redirect target]]')
    wiki.import_revisions([ImportedRevision(
        'Imported redirect', '#REDIRECT [[Redirect target]]',
        'Redirect Maker', utc(2021, 3, 8))])

    site = connect(wiki)
    for title in ('Loaded redirect', 'Imported redirect'):
        page = pywikibot.Page(site, title)
        assert page.isRedirectPage(), title
        assert page.getRedirectTarget().title() == 'Redirect target'
    assert not pywikibot.Page(site, 'Redirect target').isRedirectPage()


def test_deleted_page_leaves_usercontribs(sandbox: Sandbox):
    import pywikibot

    wiki = sandbox['sv']
    wiki.create_users(['Doris Raderad'])
    wiki.import_revisions([
        ImportedRevision('Att radera', 'Först.', 'Doris Raderad',
                         utc(2021, 3, 8, 10)),
        ImportedRevision('Att radera', 'Först. Sen.', 'Doris Raderad',
                         utc(2021, 3, 8, 11)),
        ImportedRevision('Att behålla', 'Kvar.', 'Doris Raderad',
                         utc(2021, 3, 8, 12)),
    ])
    site = connect(wiki)
    assert len(contribs(site, 'Doris Raderad')) == 3

    wiki.delete_page('Att radera')

    left = contribs(site, 'Doris Raderad')
    assert [c['title'] for c in left] == ['Att behålla']
    assert wiki.revision_count('Att radera') == 0
    assert wiki.page_text('Att radera') is None
    assert not pywikibot.Page(site, 'Att radera').exists()


def test_read_only_makes_saves_fail(sandbox: Sandbox, monkeypatch, caplog):
    """pywikibot retries 'readonly' (T154011) then gives up.

    It never raises its APIMWError('readonly') to the caller: after
    ``max_retries`` waits it raises ApiTimeoutError, which Page.save wraps
    in OtherPageSaveError; the 'readonly' code only shows in its log.  The
    wiki's own flag is ``readonly`` in siteinfo's general section.
    """
    import pywikibot
    from pywikibot.exceptions import ApiTimeoutError, OtherPageSaveError

    wiki = sandbox['meta']
    site = connect(wiki)
    page = pywikibot.Page(site, 'Read-only test')
    page.text = 'first'
    page.save(summary='before lock')
    monkeypatch.setattr(pywikibot.config, 'max_retries', 1)

    wiki.set_read_only('Sandbox maintenance')
    try:
        assert site.siteinfo.get('readonly', expiry=0) is True
        assert site.siteinfo.get('readonlyreason') == 'Sandbox maintenance'
        page.text = 'second'
        with pytest.raises(OtherPageSaveError) as err:
            page.save(summary='during lock')
        assert isinstance(err.value.reason, ApiTimeoutError)
        assert 'readonly' in caplog.text
    finally:
        wiki.set_read_only(None)

    assert not site.siteinfo.get('readonly', expiry=0)
    page.text = 'third'
    page.save(summary='after lock')
    assert wiki.page_text('Read-only test') == 'third'


def test_se_is_swedish(sandbox: Sandbox):
    wiki = sandbox['se']
    assert wiki.lang == 'sv'
    general = wiki.api(action='query', meta='siteinfo')['query']['general']
    assert general['lang'] == 'sv'

    site = connect(wiki)
    assert site.lang == 'sv'
    assert site.namespaces[2].custom_name == 'Användare'
    assert site.namespaces[2].canonical_name == 'User'


def test_all_presets_running(sandbox: Sandbox):
    langs = {w.name: w.api(action='query', meta='siteinfo')['query'][
        'general']['lang'] for w in sandbox}
    assert langs == {'meta': 'en', 'se': 'sv', 'en': 'en', 'pt': 'pt',
                     'sv': 'sv', 'wikidata': 'en'}


def test_a_wiki_never_serves_from_a_port_another_server_holds(sandbox, tmp_path, monkeypatch):
    """free_port's race lost: the port given is already another wiki's. That wiki answers
    api.php while this one's php -S fails to listen; the boot must notice and take another."""
    import sandbox.server as server

    sb = Sandbox(tmp_path)
    wiki = sb.add('xx')
    with sb:
        sb.start()          # installs; the second start below only serves
        sb.stop()
        taken = [sandbox['en'].port]
        real = server.free_port
        monkeypatch.setattr(server, 'free_port', lambda: taken.pop() if taken else real())
        sb.start()
        assert not taken and wiki.port != sandbox['en'].port
        assert wiki.api(action='query', meta='siteinfo')['query']['general']['wikiid'] == 'wg_xx'
