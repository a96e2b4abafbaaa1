"""Moto's standalone server in this process, on a free loopback port, recording every request.

The rehearsal's one place for what moto 5.2.5 lacks and Zappa 0.63 calls. Both
are answered here, by the server, so that the deploy path (Makefile, Zappa,
settings) runs unchanged:

- ``ListFunctionUrlConfigs`` (``GET /2021-10-31/functions/<name>/urls``), which
  ``zappa update`` calls through ``delete_lambda_function_url``: answered from
  moto's own Lambda backend, so the list holds exactly the function URLs moto
  knows (none, for this site).
- ``GetFunction`` of ``function:<name>:<version>`` (a partial ARN, which AWS
  accepts and ``zappa rollback`` sends): moto cannot split it, so it is passed
  on as ``<name>`` with ``Qualifier=<version>``.
- ``GetFunction``'s ``Code.Location``, which ``zappa rollback`` downloads with
  ``requests``: moto names an address on AWS that holds nothing. It is
  rewritten to an address of this server that returns the version's code from
  moto's backend, as AWS's presigned URL would.

Every request is recorded (method, path, query, body), so that what moto
accepts but does not keep (SnapStart, resources CloudFormation skips) is
asserted from what Zappa sent.
"""

from __future__ import annotations

import io
import json
import re
import threading
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from moto.awslambda.exceptions import GenericResourcNotFound, LambdaClientError
from moto.awslambda_simple.models import lambda_simple_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

FUNCTION_URLS = re.compile(r"^/2021-10-31/functions/(?P<name>[^/]+)/urls$")
GET_FUNCTION = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)$")
CODE = re.compile(r"^/_rehearsal/lambda-code/(?P<region>[^/]+)/(?P<name>[^/]+)/(?P<version>[^/]+)$")
REGION = re.compile(r"Credential=[^/]+/\d+/(?P<region>[^/]+)/")


@dataclass
class Recorded:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body or b"{}")

    @property
    def target(self) -> str:
        """The operation of a JSON-protocol request (X-Amz-Target) or of a query-protocol one."""
        if "X-Amz-Target" in self.headers:
            return self.headers["X-Amz-Target"].rsplit(".", 1)[-1]
        form = parse_qs(self.body.decode("utf-8", "replace")) if self.body else {}
        return (self.query.get("Action") or form.get("Action") or [""])[0]


@dataclass
class Emulator:
    port: int = 0
    requests: list[Recorded] = field(default_factory=list)

    def start(self) -> Emulator:
        moto = DomainDispatcherApplication(create_backend_app)
        self._server = make_server(
            "127.0.0.1", self.port, self._app(moto), True, request_handler=MotoRequestHandler
        )
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        # Moto runs functions in Docker unless told not to; switching later would
        # land in a separate, empty backend (../shared field notes).
        self.post("/moto-api/config", {"lambda": {"use_docker": False}})
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def post(self, path: str, document: dict) -> None:
        # The URL is always http://127.0.0.1:<port>/..., built above.
        request = urllib.request.Request(  # noqa: S310
            self.url + path, data=json.dumps(document).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310
            pass

    def sent(self, target: str) -> list[Recorded]:
        return [r for r in self.requests if r.target == target]

    def lambda_sent(self, method: str, path_pattern: str) -> list[Recorded]:
        pattern = re.compile(path_pattern)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    def _app(self, moto):
        def app(environ, start_response):
            request = Request(environ)
            body = request.get_data()
            # moto reads the body again from the stream
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            self.requests.append(
                Recorded(
                    request.method,
                    request.path,
                    {k: request.args.getlist(k) for k in request.args},
                    dict(request.headers),
                    body,
                )
            )
            answer = self._answer_what_moto_lacks(request)
            if answer is not None:
                return answer(environ, start_response)
            if request.method == "GET" and (match := GET_FUNCTION.match(request.path)):
                _split_partial_arn(environ, match["name"])
                return self._with_local_code_location(moto, environ, start_response)
            return moto(environ, start_response)

        return app

    def _answer_what_moto_lacks(self, request: Request):
        if request.method == "GET" and (match := FUNCTION_URLS.match(request.path)):
            backend = _lambda_backend(_region(request))
            try:
                configs = [backend.get_function_url_config(match["name"]).to_dict()]
            except GenericResourcNotFound:  # the function has no URL
                configs = []
            except LambdaClientError as error:  # an unknown function: AWS's own error
                return error
            return Response(
                json.dumps({"FunctionUrlConfigs": configs}), mimetype="application/json"
            )
        if request.method == "GET" and (match := CODE.match(request.path)):
            function = _lambda_backend(match["region"]).get_function(
                match["name"], match["version"]
            )
            return Response(function.code_bytes, mimetype="application/zip")
        return None

    def _with_local_code_location(self, moto, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers)

        body = b"".join(moto(environ, capture))
        if captured["status"].startswith("200"):
            document = json.loads(body)
            if "Location" in document.get("Code", {}):
                config = document["Configuration"]
                region = config["FunctionArn"].split(":")[3]
                document["Code"]["Location"] = (
                    f"{self.url}/_rehearsal/lambda-code/{region}/"
                    f"{config['FunctionName']}/{config['Version']}"
                )
                body = json.dumps(document).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]


def _split_partial_arn(environ: dict, name: str) -> None:
    if name.startswith("function:") and name.count(":") == 2:
        _, function, qualifier = name.split(":")
        path = f"/2015-03-31/functions/{function}"
        environ.update(PATH_INFO=path, QUERY_STRING=f"Qualifier={qualifier}")
        # moto reads the URL from RAW_URI when the server sets it (werkzeug's does)
        environ["RAW_URI"] = environ["REQUEST_URI"] = f"{path}?Qualifier={qualifier}"


def _region(request: Request) -> str:
    match = REGION.search(request.headers.get("Authorization", ""))
    return match["region"] if match else "us-east-1"


def _lambda_backend(region: str):
    # With use_docker off, moto keeps functions in its "simple" Lambda backend.
    return lambda_simple_backends[DEFAULT_ACCOUNT_ID][region]
