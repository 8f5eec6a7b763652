"""The doubles' server reports a failed request in one line, never as a traceback."""
from __future__ import annotations

import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler

import requests

from sandbox.dashboard import DashboardDouble
from sandbox.httpserver import QuietServer


class Broken(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        raise ValueError("no such article")

    def log_message(self, *args) -> None:
        pass


def test_a_failed_request_is_one_line_without_a_traceback(capfd):
    server = QuietServer(Broken)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        host, port = server.server_address
        try:
            urllib.request.urlopen(f"http://{host}:{port}/x", timeout=10)
        except (urllib.error.URLError, ConnectionError):
            pass
    finally:
        server.shutdown()
        server.server_close()
    err = capfd.readouterr().err
    assert "sandbox double: ValueError: no such article" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_stopped_double_is_a_closed_port_even_on_a_kept_alive_connection():
    """A client's pooled connection (requests keeps one alive) cannot reach a stopped double."""
    session = requests.Session()
    double = DashboardDouble()
    with double:
        assert session.get(f"{double.url}/courses/A/B/users.json", timeout=10).status_code == 404
    try:
        session.get(f"{double.url}/courses/A/B/users.json", timeout=10)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError("the stopped double still answered on the kept-alive connection")
