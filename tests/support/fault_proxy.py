"""A TCP proxy between the site and DynamoDB Local (or localstripe) that can break on request.

DynamoDB Local never throttles, never fails and never hangs, so the tests put
this proxy in front of it (the site's DYNAMODB_ENDPOINT_URL points here) and
switch its mode:

- ``"pass"``: bytes flow both ways unchanged;
- ``"refuse"``: connections are closed at once, as when nothing listens;
- ``"throttle"``: every request (or, with ``broken("throttle", operation)``,
  every request of one operation) is answered with DynamoDB's
  ProvisionedThroughputExceededException;
- ``"hang"``: requests are read and never answered; ``hung_attempts`` records
  for each when it arrived and when the site gave up and closed its
  connection (``time.monotonic()``): the site's read timeouts, as the far end
  of the wire sees them;
- ``"lose"`` (``answers_lost(n, operation)``): the next n requests (of one
  DynamoDB operation, if named) reach DynamoDB, which applies them, but the
  answer is dropped and the connection closed, as when a response is lost on
  the way back; everything else passes. The site's retry then meets the
  write it already made;
- ``"unprocessed"`` (``writes_unprocessed(n)``): the next n BatchWriteItem
  requests (every one, if n is None) are answered as DynamoDB answers when it
  throttles part of a batch, here all of it: nothing written, every write
  returned in ``UnprocessedItems``; everything else passes.

localstripe never hangs or loses an answer either: the billing tests put a proxy
of their own in front of it (tests/billing/test_stripe_faults.py).

Switching mode drops the connections already open, so the next request the
site makes sees the new mode.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import socketserver
import threading
import time

THROTTLED_BODY = (
    b'{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",'
    b'"message":"Injected by the test fault proxy"}'
)
MODES = ("pass", "refuse", "throttle", "hang", "lose", "unprocessed")
HANG_LIMIT_SECONDS = 60
# How late the proxy may see the site give up: thread scheduling on a loaded
# machine (the machine, not the site, is what this allows for). What the
# bounds rule out is far beyond it: a 30 s attempt, and without the deadline
# three 2 s attempts per call, four calls on a signed-in page.
SLACK_SECONDS = 2.5


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.mode = "pass"
        self.answers_to_lose = 0
        self.operation_to_lose: str | None = None
        self.table_to_lose: str | None = None
        self.path_to_lose: str | None = None
        self.operation_to_throttle: str | None = None
        self.batches_to_leave: int | None = 0
        self.hung_attempts: list[tuple[float, float]] = []
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._server = _Server(self, self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._drop_connections()

    def set_mode(self, mode: str) -> None:
        assert mode in MODES, mode
        self.mode = mode
        self._drop_connections()

    def set_upstream(self, port: int) -> None:
        self.upstream_port = port
        self._drop_connections()

    @contextlib.contextmanager
    def answers_lost(
        self,
        count: int = 1,
        operation: str | None = None,
        table: str | None = None,
        path: str | None = None,
    ):
        """Lose the next ``count`` answers (to ``operation``, e.g. "PutItem", on ``table``;
        or, for an HTTP API such as Stripe's, to requests whose path ends with ``path``)."""
        with self._lock:
            self.answers_to_lose, self.operation_to_lose = count, operation
            self.table_to_lose, self.path_to_lose = table, path
        self.set_mode("lose")
        try:
            yield self
        finally:
            self.set_mode("pass")

    def _lose(self, request: bytes) -> bool:
        """Whether to lose the answer to ``request`` (claiming one of the answers to lose)."""
        body = request.partition(b"\r\n\r\n")[2]
        operation, table, path = self.operation_to_lose, self.table_to_lose, self.path_to_lose
        wanted = (
            (operation is None or _operation(request) == operation)
            and (
                table is None
                or f'"TableName": "{table}"'.encode() in body
                or f'"TableName":"{table}"'.encode() in body
            )
            and (path is None or _path(request).endswith(path))
        )
        with self._lock:
            if self.answers_to_lose <= 0 or not wanted:
                return False
            self.answers_to_lose -= 1
            return True

    def _leave_unprocessed(self, request: bytes) -> bool:
        """Whether to answer ``request`` with all its writes unprocessed (claiming one)."""
        if _operation(request) != "BatchWriteItem":
            return False
        with self._lock:
            if self.batches_to_leave is None:
                return True
            if self.batches_to_leave <= 0:
                return False
            self.batches_to_leave -= 1
            return True

    @contextlib.contextmanager
    def writes_unprocessed(self, count: int | None = None):
        """Leave every write of the next ``count`` BatchWriteItem requests unprocessed."""
        with self._lock:
            self.batches_to_leave = count
        self.set_mode("unprocessed")
        try:
            yield self
        finally:
            self.set_mode("pass")

    def _note_hung(self, arrived: float, closed: float) -> None:
        with self._lock:
            self.hung_attempts.append((arrived, closed))

    @contextlib.contextmanager
    def broken(self, mode: str, operation: str | None = None):
        """Break every request, or (throttle only) those of one DynamoDB ``operation``."""
        self.operation_to_throttle = operation
        self.hung_attempts = []
        self.set_mode(mode)
        try:
            yield self
        finally:
            self.operation_to_throttle = None
            self.set_mode("pass")

    def _drop_connections(self) -> None:
        with self._lock:
            sockets, self._open = self._open, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.add(sock)

    def _handler_class(self):
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._track(self.request)
                mode = self.server.mode_at_accept.pop(id(self.request), proxy.mode)
                if mode == "refuse":
                    return
                if mode == "pass":
                    _pump(proxy, self.request)
                    return
                if mode in ("lose", "unprocessed") or (
                    mode == "throttle" and proxy.operation_to_throttle
                ):
                    _relay(proxy, self.request, mode)
                    return
                if mode == "hang":
                    _hang(proxy, self.request)
                    return
                while _read_request(self.request):
                    self.request.sendall(_throttled_response())

        return Handler


def _pump(proxy: FaultProxy, client: socket.socket) -> None:
    try:
        upstream = socket.create_connection(("127.0.0.1", proxy.upstream_port))
    except OSError:
        return
    proxy._track(upstream)
    for sock in (client, upstream):  # forward each write at once, as a direct connection would
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sockets = [client, upstream]
    try:
        while True:
            readable, _, _ = select.select(sockets, [], [], 30)
            if not readable:
                return
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                (upstream if sock is client else client).sendall(data)
    except (OSError, ValueError):  # ValueError: the proxy closed a socket (fd -1) to cut it
        return
    finally:
        upstream.close()


class _Server(socketserver.ThreadingTCPServer):
    """Notes the mode when a connection is accepted: on a loaded machine its thread
    may start after the test has switched the mode back."""

    daemon_threads = True

    def __init__(self, proxy: FaultProxy, handler) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.proxy = proxy
        self.mode_at_accept: dict[int, str] = {}

    def process_request(self, request, client_address) -> None:
        self.mode_at_accept[id(request)] = self.proxy.mode
        super().process_request(request, client_address)


def _hang(proxy: FaultProxy, client: socket.socket) -> None:
    """Read requests, answer none, and note when the site gave up on each (closed).

    Only the site ends a hung connection: a change of mode leaves it alone, and
    after HANG_LIMIT_SECONDS the proxy notes it as a site that never gave up.
    """
    with proxy._lock:
        proxy._open.discard(client)
    client.settimeout(HANG_LIMIT_SECONDS)
    arrived = None
    while _read_message(client) is not None:
        arrived = time.monotonic()
    if arrived is not None:
        proxy._note_hung(arrived, time.monotonic())
    client.close()


def _relay(proxy: FaultProxy, client: socket.socket, mode: str) -> None:
    """Relay request by request: throttle one operation's, leave a batch unprocessed, or
    lose an answer (then close)."""
    try:
        with socket.create_connection(("127.0.0.1", proxy.upstream_port)) as upstream:
            while (request := _read_message(client)) is not None:
                if mode == "throttle" and _operation(request) == proxy.operation_to_throttle:
                    client.sendall(_throttled_response())
                    continue
                if mode == "unprocessed" and proxy._leave_unprocessed(request):
                    client.sendall(_unprocessed_response(request))
                    continue
                upstream.sendall(request)
                answer = _read_message(upstream)
                if answer is None or proxy._lose(request):
                    break
                client.sendall(answer)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        client.shutdown(socket.SHUT_RDWR)
    client.close()


def _operation(request: bytes) -> str | None:
    for line in request.partition(b"\r\n\r\n")[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"x-amz-target":
            return value.strip().decode().rpartition(".")[2]
    return None


def _path(request: bytes) -> str:
    """The path of the request line, without its query: "POST /v1/x?y HTTP/1.1" -> "/v1/x"."""
    line = request.partition(b"\r\n")[0].decode("latin-1").split(" ")
    return line[1].partition("?")[0] if len(line) > 1 else ""


def _read_request(sock: socket.socket) -> bool:
    """Read one HTTP request; False when the client closed the connection."""
    return _read_message(sock) is not None


def _read_message(sock: socket.socket) -> bytes | None:
    """Read one HTTP message (head and Content-Length body); None when the peer closed."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = _content_length(head)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            body += chunk
    except OSError:
        return None
    return head + b"\r\n\r\n" + body


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def _throttled_response() -> bytes:
    return _response(b"400 Bad Request", THROTTLED_BODY)


def _unprocessed_response(request: bytes) -> bytes:
    """DynamoDB's answer to a BatchWriteItem it processed none of."""
    writes = json.loads(request.partition(b"\r\n\r\n")[2])["RequestItems"]
    return _response(b"200 OK", json.dumps({"UnprocessedItems": writes}).encode())


def _response(status: bytes, body: bytes) -> bytes:
    return (
        b"HTTP/1.1 " + status + b"\r\n"
        b"Content-Type: application/x-amz-json-1.0\r\n"
        b"x-amzn-RequestId: fault-proxy\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )


# Reading ``hung_attempts``: how long the site waited, as the far end of the wire saw it.


def lengths(attempts: list[tuple[float, float]]) -> list[float]:
    return [closed - arrived for arrived, closed in attempts]


def hung(proxy: FaultProxy, within: float = 5.0, at_least: int = 1) -> list[tuple[float, float]]:
    """The proxy's hung attempts once it has noted ``at_least``: its handler notes a close a
    moment after the site's, which on a loaded machine can be after the response is back."""
    deadline = time.monotonic() + within
    while len(proxy.hung_attempts) < at_least:
        assert time.monotonic() < deadline, f"the proxy saw {len(proxy.hung_attempts)} attempts"
        time.sleep(0.01)
    return list(proxy.hung_attempts)


def span(attempts: list[tuple[float, float]]) -> float:
    """From the first attempt's arrival to the last one's end, as the proxy saw them."""
    assert attempts, "the proxy saw no attempt"
    return max(closed for _, closed in attempts) - min(arrived for arrived, _ in attempts)
