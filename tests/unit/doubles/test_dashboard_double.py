"""The Programs & Events Dashboard double (sandbox/dashboard.py) over real HTTP.

No real answer of the Dashboard is recorded here (registrations.md): the expected shapes are
those of its views (``courses/_users.json.jbuilder``, ``course.json.jbuilder``) and of the
answers its own specs show, written out by hand below.
"""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import quote

import pytest
import requests

from sandbox.dashboard import FACILITATOR, PARTICIPANT, STAFF, Course, CourseUser, DashboardDouble

USER_KEYS = ['character_sum_ms', 'character_sum_us', 'character_sum_draft', 'references_count',
             'role', 'role_description', 'recent_revisions', 'content_expert', 'program_manager',
             'contribution_url', 'sandbox_url', 'global_contribution_url', 'total_uploads', 'id',
             'username', 'global_id', 'enrolled_at', 'admin', 'registered_at']
STOCKHOLM = 'Wikimedia_Sverige/WikiGap_2021_Stockholm'


@pytest.fixture
def dashboard():
    with DashboardDouble() as double:
        yield double


def course(slug: str = STOCKHOLM, **fields) -> Course:
    users = (CourseUser('Ana Lima', PARTICIPANT, registered_at=datetime(2019, 5, 2, 8, 30)),
             CourseUser('Organiser', FACILITATOR),
             CourseUser('Organiser', PARTICIPANT),
             CourseUser('Staff Person', STAFF))
    return Course(slug, datetime(2021, 3, 8), datetime(2021, 3, 14, 23, 59, 59),
                  **{'users': users, **fields})


def fetch(dashboard: DashboardDouble, slug: str, kind: str) -> requests.Response:
    return requests.get(f'{dashboard.url}/courses/{quote(slug)}/{kind}',
                        headers={'User-Agent': 'wikigap-test'}, timeout=10)


def test_users_json_lists_each_person_once_per_role(dashboard):
    url = dashboard.add_course(course())
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200
    assert answer.headers['Content-Type'].startswith('application/json')
    users = answer.json()['course']['users']
    assert [(u['username'], u['role']) for u in users] == [
        ('Ana Lima', 0), ('Organiser', 1), ('Organiser', 0), ('Staff Person', 4)]
    assert all(list(u) == USER_KEYS for u in users)
    ana = users[0]
    assert ana['registered_at'] == '2019-05-02T08:30:00.000Z'
    assert ana['enrolled_at'] == '2021-03-01T00:00:00.000Z'
    assert ana['contribution_url'] == 'https://sv.wikipedia.org/wiki/Special:Contributions/Ana_Lima'
    assert users[1]['id'] == users[2]['id'] != ana['id']      # one Dashboard user, two roles
    assert users[1]['registered_at'] is None


def test_the_same_user_keeps_their_id_across_courses(dashboard):
    dashboard.add_course(course())
    dashboard.add_course(course('Wikimedia_Sverige/WikiGap_2021_Malmö'))
    ids = [{u['username']: u['id'] for u in fetch(dashboard, slug, 'users.json')
            .json()['course']['users']}
           for slug in (STOCKHOLM, 'Wikimedia_Sverige/WikiGap_2021_Malmö')]
    assert ids[0] == ids[1]


def test_course_json_gives_dates_wikis_and_display_counts(dashboard):
    dashboard.add_course(course(edit_count='1.59K',
                                wikis=(('sv', 'wikipedia'), ('en', 'wikipedia'))))
    body = fetch(dashboard, STOCKHOLM, 'course.json').json()['course']
    assert (body['start'], body['end']) == ('2021-03-08T00:00:00.000Z', '2021-03-14T23:59:59.000Z')
    assert (body['school'], body['title'], body['slug']) == \
        ('Wikimedia Sverige', 'WikiGap 2021 Stockholm', STOCKHOLM)
    assert body['home_wiki'] == {'id': 1, 'language': 'sv', 'project': 'wikipedia'}
    assert body['wikis'] == [{'language': 'sv', 'project': 'wikipedia'},
                             {'language': 'en', 'project': 'wikipedia'}]
    assert (body['edit_count'], body['student_count'], body['ended']) == ('1.59K', 2, True)
    assert isinstance(body['flags'], dict) and body['private'] is False


def test_a_course_with_an_aware_end_in_the_future(dashboard):
    ends = datetime(2999, 1, 1, 1, 0, tzinfo=timezone.utc)
    dashboard.add_course(Course('School/Future', datetime(2998, 12, 31), ends))
    body = fetch(dashboard, 'School/Future', 'course.json').json()['course']
    assert (body['end'], body['ended'], body['wikis']) == \
        ('2999-01-01T01:00:00.000Z', False, [{'language': 'sv', 'project': 'wikipedia'}])


def test_a_private_course_answers_as_a_missing_one(dashboard):
    dashboard.add_course(course(private=True))
    for slug, kind in ((STOCKHOLM, 'users.json'), (STOCKHOLM, 'course.json'),
                       ('Nobody/Nothing', 'users.json'), (STOCKHOLM, 'articles.json')):
        answer = fetch(dashboard, slug, kind)
        assert (answer.status_code, answer.json()) == (404, {'message': 'Not found'})


def test_a_scripted_failure_and_the_request_record(dashboard):
    dashboard.add_course(course(fail_status=500))
    answer = fetch(dashboard, STOCKHOLM, 'users.json')
    assert (answer.status_code, answer.json()) == (500, {'message': 'Internal server error'})
    fetch(dashboard, STOCKHOLM, 'course.json')
    seen = dashboard.requests_for(STOCKHOLM)
    assert [(s.status, s.user_agent) for s in seen] == [(500, 'wikigap-test')] * 2
    assert seen[0].path == f'/courses/{quote(STOCKHOLM)}/users.json'


def test_seeding_refuses_what_the_dashboard_cannot_hold(dashboard):
    with pytest.raises(ValueError, match='School/Title'):
        dashboard.add_course(course('NoSchool'))
    with pytest.raises(ValueError, match='role 7'):
        dashboard.add_course(course(users=(CourseUser('X', 7),)))
