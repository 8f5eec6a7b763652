"""A small TCP/HTTP proxy that plays an outage in front of a sandbox wiki or service double.

Point the bot at ``proxy.url(path)`` instead of the service; then set
``proxy.mode`` to one of:

- ``"pass"``: bytes go both ways unchanged (the service works);
- ``"refuse"``: the port is closed, so a connection is refused at once;
- ``"503"``: every request is answered ``503 Service Unavailable`` (forever);
- ``"hang"``: connections are accepted and never answered (the socket stays open).

Changing the mode closes the connections in progress, so a client's kept-alive
connection meets the new mode at once. ``seen`` counts the connections accepted
per mode. Real sockets, real HTTP: a test of an outage goes through the same
requests and pywikibot code as a real one. Developer tooling, not the bot.
"""
from __future__ import annotations

import socket
import threading
from collections import Counter
from contextlib import suppress

MODES = ("pass", "refuse", "503", "hang")
BODY_503 = b"<h1>503 Service Unavailable</h1>\n"
ANSWER_503 = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n"
              b"Content-Length: " + str(len(BODY_503)).encode() + b"\r\nConnection: close\r\n\r\n"
              + BODY_503)


class FaultProxy:
    """Listen on a free loopback port and forward to ``target`` (host, port), or fail as told."""

    def __init__(self, target: tuple[str, int], mode: str = "pass") -> None:
        self.target = target
        self.port = _free_port()
        self.seen: Counter[str] = Counter()
        self._mode = "refuse"
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.mode = mode

    def url(self, path: str = "", scheme: str = "http") -> str:
        """Give the URL of ``path`` (e.g. ``/w/api.php``) through the proxy."""
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        with self._lock:
            self._mode = mode
            for sock in list(self._open):
                _close(sock)
            self._open.clear()
        if mode == "refuse":
            self._stop_listening()
        elif self._listener is None:
            self._listen()

    def close(self) -> None:
        """Stop listening and close every connection."""
        self.mode = "refuse"

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True,
                         name=f"faultproxy-{self.port}").start()

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            _close(listener)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:      # the listener was closed: the port refuses now
                return
            with self._lock:
                mode = self._mode
                self._open.add(client)
                self.seen[mode] += 1
            handler = {"pass": self._relay, "503": self._unavailable, "hang": _hold}[mode]
            threading.Thread(target=handler, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        """Forward bytes both ways until either side closes."""
        try:
            upstream = socket.create_connection(self.target, timeout=30)
        except OSError:
            _close(client)
            return
        with self._lock:
            self._open.add(upstream)
        threading.Thread(target=_pump, args=(upstream, client), daemon=True).start()
        _pump(client, upstream)

    def _unavailable(self, client: socket.socket) -> None:
        """Answer each request on the connection with a 503, then close it."""
        with suppress(OSError):
            _read_request(client)
            client.sendall(ANSWER_503)
        _close(client)


def _read_request(sock: socket.socket) -> None:
    """Read one request's head and body (by Content-Length), so the client sees an answer."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return
        body += chunk


def _hold(client: socket.socket) -> None:
    """Read whatever comes and never answer; the socket stays open until the mode changes."""
    with suppress(OSError):
        while client.recv(65536):
            pass


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with suppress(OSError):
        while True:
            chunk = source.recv(65536)
            if not chunk:
                break
            sink.sendall(chunk)
    _close(source)
    _close(sink)


def _close(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        sock.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
