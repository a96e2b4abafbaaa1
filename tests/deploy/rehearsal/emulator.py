"""Moto's standalone server in this process, on a free loopback port, recording every request.

The rehearsal's one place for what moto 5.2.5 lacks and the deploy calls. All
of it is answered here, by the server, so that the deploy path (Makefile,
deploy/, Zappa, settings) runs unchanged. What moto's CloudFormation lacks:

- Resource types it does not model (``AWS::CloudFront::*``,
  ``AWS::ApiGatewayV2::*``, ``AWS::CloudWatch::Alarm``, ``AWS::SNS::Subscription``,
  ``AWS::Logs::MetricFilter``, ``AWS::S3::BucketPolicy``,
  ``AWS::CertificateManager::Certificate``) are skipped, so nothing answers for
  them: each gets a stand-in with a physical id as moto creates the stack (and
  again after every stack operation, for those moto left out), with the
  attributes others read (CloudFront's ``DomainName``, an API domain's
  ``RegionalDomainName`` and ``RegionalHostedZoneId``), so that
  ``DescribeStackResource`` finds Zappa's HTTP API, a stack's outputs can name
  the distribution's domain, and the domain's Route 53 records (which moto
  does make) can point at the API's domain. Nothing else of them exists.
- A stack made or changed through a change set has no outputs: they are
  computed again after every stack operation.
- An update that changes a table (moto has no table update) leaves the stack
  without the table: the table is put back, unchanged (the rehearsal asserts
  what the update declares from the template). Only a stream the update turns
  on is turned on in moto before the update runs (a restore drill's tables
  come without their streams), as AWS does before the event source mappings
  that read it, which moto would otherwise make from no stream and fail.
- An update that removes a resource deletes it even with
  ``DeletionPolicy: Retain``: such resources are let go instead, as on AWS.
- An ``IMPORT`` change set is taken as a new stack that creates its resources
  (and fails on the existing table): it is sent as a ``CREATE`` (new stack) or
  ``UPDATE`` (existing stack) whose imported resources are the existing ones.

And what moto's Lambda lacks, which Zappa calls:

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

import hashlib
import io
import json
import re
import threading
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qs, parse_qsl, urlencode

from moto.awslambda.exceptions import GenericResourcNotFound, LambdaClientError
from moto.awslambda_simple.models import lambda_simple_backends
from moto.cloudformation import parsing
from moto.cloudformation.models import cloudformation_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.logs.models import logs_backends
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
STACK_OPERATIONS = {"CreateStack", "UpdateStack", "ExecuteChangeSet", "DeleteStack"}
# A stand-in's value for the zone of API Gateway's regional domain names (an alias target).
API_DOMAIN_ZONE = "ZSTANDINAPIGATEWAY"
IMPORTABLE = {"AWS::DynamoDB::Table": "TableName", "AWS::Logs::LogGroup": "LogGroupName"}


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
    # change set name -> logical ids of the resources it imports
    imports: dict[str, list[str]] = field(default_factory=dict)

    def start(self) -> Emulator:
        _stand_ins_as_created()
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
            action = self.requests[-1].target
            if action in ("CreateChangeSet", "ExecuteChangeSet"):
                self._before_change_set(action, environ, _region(request))
            answer = moto(environ, start_response)
            if action in STACK_OPERATIONS:
                answer = list(answer)  # moto has done the work: complete the stacks
                _stacks_completed(_region(request))
            return answer

        return app

    def _before_change_set(self, action: str, environ: dict, region: str) -> None:
        form = dict(parse_qsl(environ["wsgi.input"].getvalue().decode()))
        backend = cloudformation_backends[DEFAULT_ACCOUNT_ID][region]
        if action == "CreateChangeSet" and form.get("ChangeSetType") == "IMPORT":
            stack = _stack(backend, form["StackName"])
            exists = stack is not None and stack.status != "REVIEW_IN_PROGRESS"
            form["ChangeSetType"] = "UPDATE" if exists else "CREATE"
            self.imports[form["ChangeSetName"]] = [
                value for key, value in form.items() if key.endswith(".LogicalResourceId")
            ]
            form = {k: v for k, v in form.items() if not k.startswith("ResourcesToImport.")}
            body = urlencode(form).encode()
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        if action == "ExecuteChangeSet":
            # The newest of that name (moto keeps executed change sets; AWS removes them).
            change_set = [
                c
                for c in backend.change_sets.values()
                if c.change_set_name == form["ChangeSetName"]
            ][-1]
            _retained_let_go(change_set)
            _imported_adopted(change_set, self.imports.get(form["ChangeSetName"], []), region)
            _streams_turned_on(change_set, region)

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


# CloudFormation


@dataclass
class StandIn:
    """A resource of a type moto's CloudFormation skips: an id, and CloudFront's domain name."""

    logical_resource_id: str
    cf_resource_type: str
    physical_resource_id: str

    def get_cfn_attribute(self, attribute: str) -> str:
        if attribute == "DomainName":
            return f"{self.physical_resource_id.lower()}.cloudfront.net"
        if attribute == "RegionalDomainName":
            return f"d-{self.physical_resource_id}.execute-api.amazonaws.com"
        if attribute == "RegionalHostedZoneId":
            return API_DOMAIN_ZONE
        return self.physical_resource_id

    def is_created(self) -> bool:
        return True  # moto waits for resources that say no

    def delete(self, account_id: str, region: str) -> None:
        """Nothing was made, nothing to delete."""


def _stand_ins_as_created() -> None:
    """Moto makes a stand-in for a type it skips, so that the resources after it can read it."""
    create = parsing.parse_and_create_resource
    if getattr(create, "stands_in", False):
        return

    def create_or_stand_in(logical_id, resource_json, resources_map, account_id, region_name):
        made = create(logical_id, resource_json, resources_map, account_id, region_name)
        kind = resource_json["Type"]
        skipped = kind not in parsing.get_model_map() and not kind.startswith("Custom::")
        if made is None and skipped and "Condition" not in resource_json:
            made = _stand_in(resources_map.stack_id, logical_id, kind)
        return made

    create_or_stand_in.stands_in = True
    parsing.parse_and_create_resource = create_or_stand_in


def _stack(backend, name: str):
    return next(
        (s for s in backend.stacks.values() if s.name == name and s.status != "DELETE_COMPLETE"),
        None,
    )


def _stacks_completed(region: str) -> None:
    for stack in cloudformation_backends[DEFAULT_ACCOUNT_ID][region].stacks.values():
        if stack.status == "DELETE_COMPLETE":
            continue
        _parse_template(stack)
        parsed = stack.resource_map._parsed_resources
        for logical_id, resource in (stack.template_dict.get("Resources") or {}).items():
            if parsed.get(logical_id) is None:
                parsed[logical_id] = _existing(logical_id, resource, region) or _stand_in(
                    stack.stack_id, logical_id, resource["Type"]
                )
        stack.output_map = stack._create_output_map()


def _parse_template(stack) -> None:
    """The stack's template as a dict (a stack made by a change set starts with ``{}``)."""
    if isinstance(stack.template, dict):
        stack.template_dict = stack.template
    else:
        stack._parse_template()


def _stand_in(stack_id: str, logical_id: str, kind: str) -> StandIn:
    digest = hashlib.sha256(f"{stack_id}/{logical_id}".encode()).hexdigest()[:10]
    physical = f"E{digest.upper()}" if kind == "AWS::CloudFront::Distribution" else digest
    return StandIn(logical_id, kind, physical)


def _existing(logical_id: str, resource: dict, region: str):
    """The table or log group of that name that moto already has, marked as the stack's."""
    key = IMPORTABLE.get(resource["Type"])
    name = resource.get("Properties", {}).get(key) if key else None
    if name is None:
        return None
    if resource["Type"] == "AWS::DynamoDB::Table":
        found = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables.get(name)
    else:
        found = logs_backends[DEFAULT_ACCOUNT_ID][region].groups.get(name)
    if found is not None:
        found.logical_resource_id = logical_id
        found.cf_resource_type = resource["Type"]
    return found


def _retained_let_go(change_set) -> None:
    """Resources the change removes that say DeletionPolicy Retain leave the stack, kept."""
    stack = change_set.stack
    _parse_template(stack)
    old = stack.template_dict.get("Resources") or {}
    new = json.loads(change_set.template).get("Resources", {})
    for logical_id, resource in old.items():
        if logical_id not in new and resource.get("DeletionPolicy") == "Retain":
            stack.resource_map._parsed_resources.pop(logical_id, None)


def _streams_turned_on(change_set, region: str) -> None:
    """Streams the change declares on tables that have none (see the module's docstring)."""
    tables = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables
    for resource in json.loads(change_set.template).get("Resources", {}).values():
        properties = resource.get("Properties", {})
        declared = resource["Type"] == "AWS::DynamoDB::Table" and properties.get(
            "StreamSpecification"
        )
        table = tables.get(properties.get("TableName")) if declared else None
        if table is not None and not (table.stream_specification or {}).get("StreamEnabled"):
            table.set_stream_specification(
                {"StreamEnabled": True, "StreamViewType": declared["StreamViewType"]}
            )


def _imported_adopted(change_set, logical_ids: list[str], region: str) -> None:
    """An imported resource is the existing one: moto is told it was made already."""
    resources = json.loads(change_set.template)["Resources"]
    parsed = change_set.stack.resource_map._parsed_resources
    for logical_id in logical_ids:
        parsed[logical_id] = _existing(logical_id, resources[logical_id], region)
