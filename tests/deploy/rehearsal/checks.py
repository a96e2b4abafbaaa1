"""What the rehearsal asserts after each README command, read back from the emulator.

What moto keeps is read from moto (function, versions, aliases, buckets,
objects, roles, parameters, rules, stacks). What moto accepts but does not keep
is asserted from what was sent: SnapStart from the CreateFunction and
UpdateFunctionConfiguration requests Zappa made, the HTTP API from the
CloudFormation template Zappa handed over (moto skips AWS::ApiGatewayV2::*), and
CloudFront, the bucket policy and the custom domain from the templates in
deploy/, which cfn-lint checks first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import boto3
import yaml

from deploy.lambda_policy import logical_table_names
from deploy.stage_env import stage_settings
from tests.deploy.rehearsal.emulator import Emulator

PROJECT_DIR = Path(__file__).resolve().parents[3]
REGION = "eu-central-1"
STAGE = "dev"
FUNCTION = f"serverless-django-{STAGE}"
ROLE = f"serverless-django-{STAGE}-lambda"
STATIC_STACK = f"serverless-django-static-{STAGE}"
DEPLOY_BUCKET = "serverless-django-rehearsal-deployments"
# CloudFront is not emulated: a domain of the shape CloudFront hands out.
CDN_DOMAIN = "d1rehearsal0000.cloudfront.net"
DOMAIN = "www.example.org"
SECRET_KEY = "rehearsal-secret-key-" + "s" * 40
SIGNING_KEYS = "k1:rehearsal-signing-key-" + "k" * 32
LONG_CACHE = "max-age=31536000"
NOT_EMULATED = (
    "moto's CloudFormation cannot create AWS::ApiGatewayV2::DomainName or ApiMapping; "
    "deploy/custom-domain.yaml was linted and asserted above"
)
SKIPPED_BY_MOTO = ("AWS::ApiGatewayV2::", "AWS::CloudFront::", "AWS::S3::BucketPolicy")
# CloudFront's managed CachingOptimized policy.
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


class Checks:
    def __init__(self, emulator: Emulator, dynamodb_url: str):
        self.emulator = emulator
        self.dynamodb_url = dynamodb_url
        self.passed = self.failed = 0
        self.ran: set[str] = set()
        self.settings_digest = _digest(PROJECT_DIR / "zappa_settings.json")
        self.settings: dict = {}

    # reporting

    def check(self, what: str, condition: bool, detail: object = "") -> bool:
        if condition:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what}" + (f": {detail}" if detail != "" else ""))
        return condition

    def fail(self, what: str) -> None:
        self.check(what, False)

    def client(self, service: str):
        endpoint = self.dynamodb_url if service == "dynamodb" else self.emulator.url
        return boto3.client(
            service,
            region_name=REGION,
            endpoint_url=endpoint,
            aws_access_key_id="rehearsal",
            aws_secret_access_key="rehearsal",
        )

    # before and between the commands

    def before_commands(self) -> None:
        print("\ntemplates in deploy/ (cfn-lint, then what they declare)")
        result = subprocess.run(
            [
                PROJECT_DIR / ".venv/bin/cfn-lint",
                "deploy/static-site.yaml",
                "deploy/custom-domain.yaml",
            ],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
        )
        self.check("cfn-lint passes both templates", result.returncode == 0, result.stdout)
        self._static_template(_template("deploy/static-site.yaml"))
        self._domain_template(_template("deploy/custom-domain.yaml"))

    def write_settings(self, path: Path) -> None:
        """The operator's filled-in copy of zappa_settings.json (README step 2)."""
        stages = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())
        bucket = self.static_bucket()
        for stage in stages.values():
            stage["s3_bucket"] = DEPLOY_BUCKET
            environment = stage["aws_environment_variables"]
            environment["STATIC_BUCKET"] = bucket
            environment["STATIC_CDN_DOMAIN"] = CDN_DOMAIN
            environment["DJANGO_DEFAULT_FROM_EMAIL"] = "Serverless Django <noreply@example.org>"
            if "REPLACE" in environment["DJANGO_ALLOWED_HOSTS"]:
                environment["DJANGO_ALLOWED_HOSTS"] = DOMAIN
        # Rehearsal only: nothing here can run the function to answer Zappa's touch request.
        stages[STAGE]["touch"] = False
        path.write_text(json.dumps(stages, indent=4))
        self.settings = stage_settings(stages, STAGE)
        self.settings_path = path
        self.check(
            "the settings copy has no REPLACE-… value left", "REPLACE" not in path.read_text()
        )

    def static_bucket(self) -> str:
        resource = self.client("cloudformation").describe_stack_resource(
            StackName=STATIC_STACK, LogicalResourceId="Bucket"
        )
        return resource["StackResourceDetail"]["PhysicalResourceId"]

    # after each command

    def after(self, command: str, output: str) -> None:
        for pattern, name, step in self._steps():
            if re.search(pattern, command):
                self.ran.add(name)
                step(output)

    def _steps(self) -> list[tuple[str, str, Callable[[str], None]]]:
        return [
            (r"cloudformation deploy .*static-site\.yaml", "static stack", self._static_stack),
            (r"^aws s3 mb ", "deployment bucket", self._deploy_bucket),
            (r"^aws iam create-role ", "role", self._role),
            (r"^aws iam put-role-policy ", "role policy", self._role_policy),
            (r"^aws ssm put-parameter ", "secret", self._secrets),
            (r"dynamodb_tables create", "tables", self._tables),
            (r"^make deploy ", "make deploy", self._deployed),
            (r"^make update ", "make update", self._updated),
            (r"zappa status ", "zappa status", self._status),
            (r"zappa rollback ", "zappa rollback", self._rolled_back),
            (r"cloudformation deploy .*custom-domain\.yaml", "custom domain", _not_run),
            (r"zappa undeploy ", "zappa undeploy", self._undeployed),
        ]

    def after_all(self) -> None:
        print("\nthe README's commands, all of them run")
        for _, name, _ in self._steps():
            self.check(f"the README shows and the rehearsal ran: {name}", name in self.ran)
        self.check(
            "the repository's zappa_settings.json is unchanged",
            _digest(PROJECT_DIR / "zappa_settings.json") == self.settings_digest,
        )

    # the static site stack

    def _static_template(self, template: dict) -> None:
        resources = template["Resources"]
        bucket = resources["Bucket"]["Properties"]
        block = bucket["PublicAccessBlockConfiguration"]
        self.check(
            "static bucket: every public access blocked", all(block.values()) and len(block) == 4
        )
        self.check(
            "static bucket: ACLs off (BucketOwnerEnforced)",
            bucket["OwnershipControls"]["Rules"][0]["ObjectOwnership"] == "BucketOwnerEnforced",
        )
        oac = resources["OriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
        self.check(
            "CloudFront reads the bucket through an origin access control (sigv4, always)",
            oac["OriginAccessControlOriginType"] == "s3" and oac["SigningBehavior"] == "always",
        )
        distribution = resources["Distribution"]["Properties"]["DistributionConfig"]
        origin = distribution["Origins"][0]
        self.check(
            "the distribution's origin uses that access control", "OriginAccessControlId" in origin
        )
        behaviour = distribution["DefaultCacheBehavior"]
        self.check(
            "HTTPS only (redirect-to-https)",
            behaviour["ViewerProtocolPolicy"] == "redirect-to-https",
        )
        self.check("compression on", behaviour["Compress"] is True)
        self.check(
            "long caching of hashed files (CachingOptimized)",
            behaviour["CachePolicyId"] == CACHING_OPTIMIZED,
        )
        statement = resources["BucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
        self.check(
            "the bucket policy lets only CloudFront (this distribution) read objects",
            len(statement) == 1
            and statement[0]["Principal"] == {"Service": "cloudfront.amazonaws.com"}
            and statement[0]["Action"] == "s3:GetObject"
            and "AWS:SourceArn" in statement[0]["Condition"]["StringEquals"],
        )

    def _static_stack(self, output: str) -> None:
        cloudformation = self.client("cloudformation")
        stack = cloudformation.describe_stacks(StackName=STATIC_STACK)["Stacks"][0]
        self.check(
            "static stack created", stack["StackStatus"] == "CREATE_COMPLETE", stack["StackStatus"]
        )
        bucket = self.static_bucket()
        self.check("static bucket exists", _bucket_exists(self.client("s3"), bucket), bucket)
        print("  (moto skips CloudFront and the bucket policy: asserted from the template above)")

    # what the operator creates by hand

    def _deploy_bucket(self, output: str) -> None:
        self.check("deployment bucket exists", _bucket_exists(self.client("s3"), DEPLOY_BUCKET))

    def _role(self, output: str) -> None:
        role = self.client("iam").get_role(RoleName=ROLE)["Role"]
        trust = role["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        self.check(
            "the Lambda role trusts lambda.amazonaws.com only",
            [s["Principal"] for s in trust["Statement"]] == [{"Service": "lambda.amazonaws.com"}],
        )

    def _role_policy(self, output: str) -> None:
        document = self.client("iam").get_role_policy(RoleName=ROLE, PolicyName="site")[
            "PolicyDocument"
        ]
        document = json.loads(document) if isinstance(document, str) else document
        printed = subprocess.run(
            [PROJECT_DIR / ".venv/bin/python", "deploy/lambda_policy.py", STAGE, "123456789012"],
            cwd=PROJECT_DIR,
            env={**os.environ, "ZAPPA_SETTINGS": str(self.settings_path)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        expected = json.loads(printed)
        self.check(
            "the role holds exactly the policy deploy/lambda_policy.py prints", document == expected
        )

    def _secrets(self, output: str) -> None:
        path = self.settings["aws_environment_variables"]["SSM_PARAMETER_PATH"]
        parameters = self.client("ssm").get_parameters_by_path(Path=path, WithDecryption=False)[
            "Parameters"
        ]
        self.check(
            f"secrets are SecureStrings under {path}",
            parameters and all(p["Type"] == "SecureString" for p in parameters),
            parameters,
        )

    def _tables(self, output: str) -> None:
        prefix = self.settings["aws_environment_variables"]["DYNAMODB_TABLE_PREFIX"]
        names = self.client("dynamodb").list_tables()["TableNames"]
        expected = {prefix + name for name in logical_table_names()}
        self.check(
            f"every table exists in DynamoDB Local as {prefix}…", expected <= set(names), names
        )
        moto_tables = boto3.client(
            "dynamodb",
            region_name=REGION,
            endpoint_url=self.emulator.url,
            aws_access_key_id="rehearsal",
            aws_secret_access_key="rehearsal",
        ).list_tables()["TableNames"]
        self.check("nothing went to moto's DynamoDB", moto_tables == [], moto_tables)

    # Zappa

    def _deployed(self, output: str) -> None:
        print("  after make deploy:")
        self._function()
        sent = self.emulator.lambda_sent("POST", r"^/2015-03-31/functions/?$")
        requested = sent[-1].json().get("SnapStart") if sent else None
        self.check(
            "SnapStart requested on CreateFunction (moto reports it off)",
            requested == {"ApplyOn": "PublishedVersions"},
            requested,
        )
        self._alias_on_latest_version()
        self._http_api()
        self._static_files()
        self._no_keep_warm_rule()

    def _updated(self, output: str) -> None:
        print("  after make update:")
        self._function()
        sent = self.emulator.lambda_sent("PUT", r"^/2015-03-31/functions/[^/]+/configuration$")
        requested = sent[-1].json().get("SnapStart") if sent else None
        self.check(
            "SnapStart kept on UpdateFunctionConfiguration",
            requested == {"ApplyOn": "PublishedVersions"},
            requested,
        )
        url_calls = self.emulator.lambda_sent("GET", r"^/2021-10-31/functions/[^/]+/urls$")
        self.check("update asked for function URLs (answered by emulator.py)", len(url_calls) >= 1)
        versions = self._versions()
        print(f"  (versions kept after update: {versions})")
        self.check(
            "old versions pruned (num_retained_versions 2, plus the configuration's version)",
            len(versions) <= self.settings["num_retained_versions"] + 1,
            versions,
        )
        self._alias_on_latest_version()
        self._http_api()
        self._static_files()
        self._no_keep_warm_rule()

    def _status(self, output: str) -> None:
        self.check("zappa status names the function", FUNCTION in output, output[-500:])
        self.check("zappa status shows the runtime", "python3.13" in output, output[-500:])

    def _rolled_back(self, output: str) -> None:
        versions = self._versions()
        lambda_client = self.client("lambda")
        alias = lambda_client.get_alias(FunctionName=FUNCTION, Name="snapstart")["FunctionVersion"]
        self.check(
            "rollback published a new version and moved the snapstart alias to it",
            alias == versions[-1],
            (alias, versions),
        )
        sha = {
            v: lambda_client.get_function(FunctionName=FUNCTION, Qualifier=v)["Configuration"][
                "CodeSha256"
            ]
            for v in versions
        }
        self.check(
            "the new version runs the previous version's code",
            sha[versions[-1]] == sha[versions[-3]],
            sha,
        )

    def _undeployed(self, output: str) -> None:
        lambda_client = self.client("lambda")
        functions = [f["FunctionName"] for f in lambda_client.list_functions()["Functions"]]
        self.check("the function is gone", FUNCTION not in functions, functions)
        stacks = [
            s["StackName"]
            for s in self.client("cloudformation").list_stacks()["StackSummaries"]
            if s["StackStatus"] != "DELETE_COMPLETE"
        ]
        self.check("Zappa's stack (the HTTP API) is gone", FUNCTION not in stacks, stacks)
        rules = self.client("events").list_rules()["Rules"]
        self.check("no CloudWatch Events rule is left", rules == [], rules)
        left = [
            o["Key"]
            for o in self.client("s3").list_objects_v2(Bucket=DEPLOY_BUCKET).get("Contents", [])
        ]
        self.check("no package or template is left in the deployment bucket", left == [], left)

    # the function, its API and its files

    def _function(self) -> None:
        config = self.client("lambda").get_function_configuration(FunctionName=FUNCTION)
        self.check("runtime python3.13", config["Runtime"] == "python3.13", config["Runtime"])
        self.check(
            "Zappa's handler", config["Handler"] == "handler.lambda_handler", config["Handler"]
        )
        self.check(
            f"memory {self.settings['memory_size']} MB",
            config["MemorySize"] == self.settings["memory_size"],
        )
        self.check(
            f"timeout {self.settings['timeout_seconds']} s",
            config["Timeout"] == self.settings["timeout_seconds"],
        )
        self.check(
            "the role is the operator's role",
            config["Role"].endswith(f":role/{ROLE}"),
            config["Role"],
        )
        variables = config.get("Environment", {}).get("Variables", {})
        self.check(
            "environment is the stage's aws_environment_variables",
            variables == self.settings["aws_environment_variables"],
            variables,
        )
        text = json.dumps(variables)
        self.check(
            "no secret in the environment", SECRET_KEY not in text and SIGNING_KEYS not in text
        )
        self.check(
            "Django set up during init (INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT)",
            variables.get("INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT") == "1",
        )

    def _versions(self) -> list[str]:
        versions = self.client("lambda").list_versions_by_function(FunctionName=FUNCTION)[
            "Versions"
        ]
        return sorted((v["Version"] for v in versions if v["Version"] != "$LATEST"), key=int)

    def _alias_on_latest_version(self) -> None:
        versions = self._versions()
        alias = self.client("lambda").get_alias(FunctionName=FUNCTION, Name="snapstart")
        self.check(
            "the snapstart alias points at the newest version",
            alias["FunctionVersion"] == versions[-1],
            (alias["FunctionVersion"], versions),
        )

    def _http_api(self) -> None:
        cloudformation = self.client("cloudformation")
        stack = cloudformation.describe_stacks(StackName=FUNCTION)["Stacks"][0]
        self.check(
            "Zappa's stack is complete",
            stack["StackStatus"].endswith("_COMPLETE"),
            stack["StackStatus"],
        )
        body = cloudformation.get_template(StackName=FUNCTION)["TemplateBody"]
        resources = (json.loads(body) if isinstance(body, str) else body)["Resources"]
        kinds = {r["Type"] for r in resources.values()}
        self.check(
            "an HTTP API (v2), no REST API",
            "AWS::ApiGatewayV2::Api" in kinds and "AWS::ApiGateway::RestApi" not in kinds,
            kinds,
        )
        api = _one(resources, "AWS::ApiGatewayV2::Api")
        self.check("protocol HTTP", api["ProtocolType"] == "HTTP")
        integration = _one(resources, "AWS::ApiGatewayV2::Integration")
        uri = json.dumps(integration["IntegrationUri"])
        self.check(
            "the integration calls the snapstart alias, never $LATEST",
            uri.rstrip('"').endswith(":snapstart"),
            uri,
        )
        self.check("payload format 2.0", integration["PayloadFormatVersion"] == "2.0")
        route = _one(resources, "AWS::ApiGatewayV2::Route")
        self.check("one $default route", route["RouteKey"] == "$default")
        stage = _one(resources, "AWS::ApiGatewayV2::Stage")
        self.check(
            f"stage {STAGE}, deployed automatically",
            stage["StageName"] == STAGE and stage["AutoDeploy"] is True,
        )
        permission = _one(resources, "AWS::Lambda::Permission")
        self.check(
            "API Gateway may invoke the alias",
            permission["Principal"] == "apigateway.amazonaws.com"
            and ":snapstart" in json.dumps(permission["FunctionName"]),
        )

    def _static_files(self) -> None:
        s3 = self.client("s3")
        bucket = self.settings["aws_environment_variables"]["STATIC_BUCKET"]
        manifest = json.loads((PROJECT_DIR / "static_manifest" / "staticfiles.json").read_text())
        hashed = set(manifest["paths"].values())
        keys = {o["Key"] for o in _all_objects(s3, bucket)}
        self.check(
            "every hashed file of the manifest is in the bucket",
            hashed and hashed <= keys,
            sorted(hashed - keys)[:5],
        )
        self.check(
            "the site's stylesheet under a hashed name",
            any(re.match(r"core/site\.[0-9a-f]{12}\.css$", k) for k in keys),
        )
        slow = []
        for key in [*sorted(hashed)[:20], "core/" + Path(manifest["paths"]["core/site.css"]).name]:
            cache = s3.head_object(Bucket=bucket, Key=key).get("CacheControl", "")
            if LONG_CACHE not in cache or "immutable" not in cache:
                slow.append((key, cache))
        self.check(
            "hashed files carry Cache-Control: max-age=31536000, immutable", slow == [], slow[:3]
        )

    def _no_keep_warm_rule(self) -> None:
        rules = [r["Name"] for r in self.client("events").list_rules()["Rules"]]
        self.check(
            "no keep-warm rule (keep_warm false)",
            not any("keep-warm" in r or FUNCTION in r for r in rules),
            rules,
        )

    # the custom domain

    def _domain_template(self, template: dict) -> None:
        resources = template["Resources"]
        domain = _one(resources, "AWS::ApiGatewayV2::DomainName")
        config = domain["DomainNameConfigurations"][0]
        self.check(
            "custom domain: regional, TLS 1.2, the stage's ACM certificate",
            config["EndpointType"] == "REGIONAL"
            and config["SecurityPolicy"] == "TLS_1_2"
            and config["CertificateArn"] == {"Ref": "CertificateArn"},
        )
        mapping = _one(resources, "AWS::ApiGatewayV2::ApiMapping")
        self.check(
            "the domain maps to the stage's HTTP API and stage",
            mapping["ApiId"] == {"Ref": "ApiId"} and mapping["Stage"] == {"Ref": "Stage"},
        )
        records = [
            r["Properties"] for r in resources.values() if r["Type"] == "AWS::Route53::RecordSet"
        ]
        self.check(
            "Route 53 alias records (A and AAAA) to the domain's regional name",
            sorted(r["Type"] for r in records) == ["A", "AAAA"]
            and all("AliasTarget" in r for r in records),
        )


def _not_run(output: str) -> None:
    """The custom domain's command is not run on moto (see NOT_EMULATED)."""


def _template(path: str) -> dict:
    class Loader(yaml.SafeLoader):
        pass

    def intrinsic(loader, tag_suffix, node):
        value = (
            loader.construct_scalar(node)
            if isinstance(node, yaml.ScalarNode)
            else loader.construct_sequence(node)
            if isinstance(node, yaml.SequenceNode)
            else loader.construct_mapping(node)
        )
        name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
        return {name: value}

    Loader.add_multi_constructor("!", intrinsic)
    return yaml.load((PROJECT_DIR / path).read_text(), Loader=Loader)  # noqa: S506 (SafeLoader)


def _one(resources: dict, kind: str) -> dict:
    found = [r.get("Properties", {}) for r in resources.values() if r["Type"] == kind]
    assert len(found) == 1, (kind, len(found))
    return found[0]


def _bucket_exists(s3, bucket: str) -> bool:
    return bucket in {b["Name"] for b in s3.list_buckets()["Buckets"]}


def _all_objects(s3, bucket: str) -> list[dict]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return [o for page in pages for o in page.get("Contents", [])]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
