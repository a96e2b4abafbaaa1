"""What a TLS handshake adds to a new connection, measured against a local TLS server.

DynamoDB Local speaks plain HTTP, so the restore benchmark leaves out the TLS
handshake that a restored Lambda environment pays on its first DynamoDB call.
This measures it on loopback: a server with a fresh RSA-2048 certificate (as
DynamoDB's endpoints use RSA), the client verifying it as botocore does. It
counts the CPU of the handshake only; on AWS a TLS 1.3 handshake adds one
network round trip inside the region as well.

    .venv/bin/python -m bench.tls
"""

from __future__ import annotations

import socket
import ssl
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

HANDSHAKES = 50


def _certificate(folder: Path) -> tuple[Path, Path]:
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


def _serve(listener: socket.socket, context: ssl.SSLContext | None, count: int) -> None:
    for _ in range(count):
        connection, _ = listener.accept()
        if context is not None:
            connection = context.wrap_socket(connection, server_side=True)
        connection.close()


def _connect_times(port: int, client: ssl.SSLContext | None) -> list[float]:
    times = []
    for _ in range(HANDSHAKES):
        started = time.perf_counter()
        connection = socket.create_connection(("127.0.0.1", port))
        if client is not None:
            connection = client.wrap_socket(connection, server_hostname="localhost")
        times.append(time.perf_counter() - started)
        connection.close()
    return times


def _median_connect(server: ssl.SSLContext | None, client: ssl.SSLContext | None) -> float:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        thread = threading.Thread(target=_serve, args=(listener, server, HANDSHAKES), daemon=True)
        thread.start()
        times = _connect_times(port, client)
        thread.join(timeout=10)
    return statistics.median(times)


def tls_handshake_seconds() -> tuple[float, float]:
    """Median seconds for a new plain TCP connection and for one with a TLS handshake."""
    with tempfile.TemporaryDirectory() as folder:
        key, cert = _certificate(Path(folder))
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(cert, key)
        client = ssl.create_default_context(cafile=str(cert))
        return _median_connect(None, None), _median_connect(server, client)


if __name__ == "__main__":
    plain, tls = tls_handshake_seconds()
    print(f"new TCP connection: {1000 * plain:.2f} ms; with TLS handshake: {1000 * tls:.2f} ms")
