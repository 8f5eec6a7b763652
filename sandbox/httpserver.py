"""The HTTP server under the sandbox's service doubles (pageviews, Dashboard).

A client that hangs up mid-answer (a test's timeout, a bot giving up) is
normal for a double, so it is not reported. Any other error is reported in
one line, never as a traceback: on Python 3.11, formatting a traceback
parses source lines with :mod:`ast`, and doing that in a server thread while
the test thread parses code itself fails at random with ``SystemError: AST
constructor recursion depth mismatch`` (CPython gh-106905).
"""
from __future__ import annotations

import socket
import sys
import threading
from http.server import ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server on a free loopback port whose request errors are one line.

    It keeps its open connections, so that stopping it closes the kept-alive ones
    too: a stopped double is then a closed port for every client, as a service
    that went down is, not one that still answers on old connections.
    """

    daemon_threads = True

    def __init__(self, handler) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.open: set[socket.socket] = set()
        self.open_lock = threading.Lock()

    def process_request(self, request, client_address) -> None:
        with self.open_lock:
            self.open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self.open_lock:
            self.open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Hang up every open connection (kept-alive ones wait for their next request)."""
        with self.open_lock:
            sockets = list(self.open)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        print(f"sandbox double: {type(error).__name__}: {error} (request from {client_address})",
              file=sys.stderr)


class ServedDouble:
    """A double served by a :class:`QuietServer` in a thread: ``with Double() as double:``.

    A subclass sets up its own data, then calls ``super().__init__`` with its
    request handler class; ``url`` is then its base URL (no trailing slash).
    """

    def __init__(self, handler) -> None:
        self.server = QuietServer(handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.close_connections()
