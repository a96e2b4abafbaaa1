"""What the rehearsal asserts after each README command, read back from the emulator.

What moto keeps is read from moto: tables (keys, indexes, streams, deletion
protection when the stack made them), items, log groups and their retention,
roles and their policies, topics, buckets and objects, parameters, functions
and their architecture, versions, stacks and their outputs, DNS records. What
moto accepts but does not keep is asserted from the stack's template as
CloudFormation holds it (point-in-time recovery, TTL, alarms, the alarm's email
subscription, metric filters, CloudFront, the bucket policy, the domain's
certificate, API domain and mapping; and whatever an update changes on a table
or a role, which moto's CloudFormation does not apply) and from the requests sent
(SnapStart, imports, restores, what the second deploy did not do). The
generated templates pass cfn-lint (run beside the first deploy).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import traceback
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl

import boto3

from apps.core.dynamodb.models import table_models
from deploy import alarms, lambda_policy, stack, zappa_stage
from deploy import streams as consumer
from deploy.stage import load
from tests.deploy.rehearsal.emulator import Emulator

PROJECT_DIR = Path(__file__).resolve().parents[3]
REGION = "eu-central-1"
ACCOUNT_ID = "123456789012"  # moto's account
STAGE = "dev"
ADOPTED = "production"  # made by hand first, then adopted
OPERATOR = "operator@example.org"
DOMAIN = "www.example.org"
MARKER = {"code": {"S": "rehearsal-marker"}}  # one item, to show that items survive
MARKED_TABLE = "links"
LONG_CACHE = "max-age=31536000"
LINT_TIMEOUT = 300  # seconds


class Checks:
    def __init__(self, emulator: Emulator, settings_path: Path):
        self.emulator = emulator
        self.settings_path = settings_path
        self.passed = self.failed = 0
        self.ran: set[str] = set()
        self.deploys = 0
        self.mark = 0  # requests before the current command
        self._lint: subprocess.Popen | None = None  # cfn-lint, started by before_commands
        self.settings_digest = _digest(PROJECT_DIR / "zappa_settings.json")
        lambda_policy.logical_table_names()  # sets Django up, which fills the registry
        self.models = table_models()

    # reporting

    def check(self, what: str, condition: bool, detail: object = "") -> bool:
        if condition:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what}" + (f": {str(detail)[:600]}" if detail != "" else ""))
        return bool(condition)

    def fail(self, what: str) -> None:
        self.check(what, False)

    def client(self, service: str):
        return boto3.client(
            service,
            region_name=REGION,
            endpoint_url=self.emulator.url,
            aws_access_key_id="rehearsal",
            aws_secret_access_key="rehearsal",
        )

    def stage(self, name: str = STAGE):
        return load(name, self.settings_path)

    def since_mark(self, target: str) -> list:
        return [r for r in self.emulator.requests[self.mark :] if r.target == target]

    # before the commands

    def before_commands(self, tmp: Path) -> None:
        self._write_settings()
        print("\nthe generated templates: what they say")
        api = stack.ZappaOutputs("abcdef0123", f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:f")
        paths = []
        for name, zappa in (("dev", None), ("dev", api), ("production", api)):
            document = stack.template(self.stage(name), self.models, zappa=zappa)
            path = tmp / f"{name}-{'second' if zappa else 'first'}-pass.json"
            path.write_text(stack.to_json(document, pretty=True))
            paths.append(path)
        # cfn-lint takes seconds to start and nothing waits for it: it runs beside the
        # first deploy, and templates_linted() reads its verdict.
        self._lint = subprocess.Popen(
            [PROJECT_DIR / ".venv/bin/cfn-lint", *paths],
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        document = stack.template(self.stage(), self.models, zappa=api)
        self._static_template(document)
        self._alarm_template(document, self.stage(), api_id=api.api_id)
        production = self.stage(ADOPTED)
        self._domain_template(stack.template(production, self.models, zappa=api), production)
        self.mark = len(self.emulator.requests)

    def templates_linted(self) -> None:
        output, _ = self._lint.communicate(timeout=LINT_TIMEOUT)
        print("\ncfn-lint, run beside the first deploy")
        self.check(
            "cfn-lint passes every template (both stages, both passes)",
            self._lint.returncode == 0,
            output,
        )

    def stop_lint(self) -> None:
        if self._lint is not None and self._lint.poll() is None:
            self._lint.kill()
            self._lint.wait()

    def _write_settings(self) -> None:
        """The operator's settings copy: address, sender, domain and zone (README: Deploying)."""
        stages = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())
        for config in stages.values():
            config["stack"]["alarm_email"] = OPERATOR
            environment = config["aws_environment_variables"]
            environment["DJANGO_DEFAULT_FROM_EMAIL"] = "Serverless Django <noreply@example.org>"
            if "REPLACE" in config["stack"].get("domain_name", ""):
                config["stack"]["domain_name"] = DOMAIN
                config["stack"]["hosted_zone_id"] = self._hosted_zone()
            # Rehearsal only: nothing here can run the function to answer Zappa's touch request.
            config["touch"] = False
        self.settings_path.write_text(json.dumps(stages, indent=4))
        self.check(
            "the settings copy has no REPLACE-… value left (both stages)",
            self.stage().unfilled() == self.stage(ADOPTED).unfilled() == [],
        )

    def _hosted_zone(self) -> str:
        """The Route 53 zone of the operator's domain, which they have before any stage."""
        zone = self.client("route53").create_hosted_zone(
            Name=DOMAIN.split(".", 1)[1], CallerReference="rehearsal"
        )["HostedZone"]
        return zone["Id"].rsplit("/", 1)[-1]

    # the generated template

    def _static_template(self, document: dict) -> None:
        resources = document["Resources"]
        for name in ("StaticBucket", "DeploymentBucket"):
            block = resources[name]["Properties"]["PublicAccessBlockConfiguration"]
            self.check(
                f"{name}: every public access blocked", all(block.values()) and len(block) == 4
            )
        oac = resources["StaticOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
        self.check(
            "CloudFront reads the static bucket through an origin access control (sigv4, always)",
            oac["OriginAccessControlOriginType"] == "s3" and oac["SigningBehavior"] == "always",
        )
        distribution = resources["StaticDistribution"]["Properties"]["DistributionConfig"]
        behaviour = distribution["DefaultCacheBehavior"]
        self.check(
            "HTTPS only, compressed, long caching of hashed files",
            behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
            and behaviour["Compress"] is True
            and behaviour["CachePolicyId"] == stack.CACHING_OPTIMIZED,
        )
        statement = resources["StaticBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
        self.check(
            "the bucket policy lets only CloudFront (this distribution) read objects",
            len(statement) == 1
            and statement[0]["Principal"] == {"Service": "cloudfront.amazonaws.com"}
            and "AWS:SourceArn" in statement[0]["Condition"]["StringEquals"],
        )

    def _alarm_template(self, document: dict, stage, api_id: str | None) -> None:
        resources = document["Resources"]
        found = {
            r["Properties"]["AlarmName"]: r["Properties"]
            for r in resources.values()
            if r["Type"] == "AWS::CloudWatch::Alarm"
        }
        expected = {alarms.alarm_name(stage, a) for a in alarms.stage_alarms(api_id)}
        self.check(
            f"{stage.name}: the alarms are {', '.join(a.key for a in alarms.stage_alarms(api_id))}",
            set(found) == expected,
            sorted(found),
        )
        self.check(
            f"{stage.name}: every alarm mails the topic, in and out of ALARM",
            all(
                p["AlarmActions"] == [{"Ref": "AlarmTopic"}] and p["OKActions"] == p["AlarmActions"]
                for p in found.values()
            ),
        )
        subscription = resources["AlarmEmail"]["Properties"]
        self.check(
            f"{stage.name}: the topic mails the operator's address from the settings",
            subscription["Protocol"] == "email" and subscription["Endpoint"] == stage.alarm_email,
        )
        duration = found[f"{stage.function_name}-lambda-duration-p99"]
        self.check(
            f"{stage.name}: p99 duration alarm at 80 % of the {stage.timeout_seconds} s timeout",
            duration["ExtendedStatistic"] == "p99"
            and duration["Threshold"] == stage.timeout_seconds * 800,
        )
        filters = [
            r["Properties"] for r in resources.values() if r["Type"] == "AWS::Logs::MetricFilter"
        ]
        self.check(
            f"{stage.name}: metric filters count the site's DynamoDB 503 lines by error code, "
            "and dead letters",
            len(filters) == len(alarms.METRIC_FILTERS)
            and sum(alarms.UNAVAILABLE_LINE in f["FilterPattern"] for f in filters)
            == len(filters) - 1
            and sum(alarms.DEAD_LETTER_LINE in f["FilterPattern"] for f in filters) == 1,
        )
        queue_alarm = found[f"{stage.function_name}-stream-failures"]
        self.check(
            f"{stage.name}: an alarm watches the depth of the stream failure queue",
            queue_alarm["Namespace"] == "AWS/SQS"
            and {"Name": "QueueName", "Value": consumer.queue_name(stage)}
            in queue_alarm["Dimensions"],
        )
        if api_id:
            api = found[f"{stage.function_name}-api-5xx-rate"]
            self.check(
                f"{stage.name}: the 5xx alarm watches the HTTP API {api_id}, stage {stage.name}",
                {"Name": "ApiId", "Value": api_id} in api["Dimensions"]
                and {"Name": "Stage", "Value": stage.name} in api["Dimensions"],
            )

    # after each command

    def after(self, command: str, output: str) -> None:
        for pattern, name, step in self._steps():
            if re.search(pattern, command):
                self.ran.add(name)
                try:
                    step(output)
                except Exception:  # a check that cannot even look is a failed check
                    self.fail(f"the checks after {command} crashed:\n{traceback.format_exc()}")
                break
        self.mark = len(self.emulator.requests)

    def _steps(self) -> list[tuple[str, str, Callable[[str], None]]]:
        return [
            (r"^make deploy STAGE=dev$", "make deploy", self._deployed),
            (r"^make update STAGE=dev$", "make update", self._updated),
            (r"^make status STAGE=dev$", "make status", self._status),
            (r"^make rollback STAGE=dev$", "make rollback", self._rolled_back),
            (r"^make restore STAGE=dev ", "make restore", self._restored),
            (r"^make adopt STAGE=production$", "make adopt", self._adopted),
            (r"^make undeploy STAGE=dev$", "make undeploy", self._undeployed),
        ]

    def after_all(self, log: str) -> None:
        print("\nthe README's commands, all of them run")
        for _, name, _ in self._steps():
            self.check(f"the README shows and the rehearsal ran: {name}", name in self.ran)
        self.check("make deploy ran twice (from nothing, then again)", self.deploys == 2)
        self.check(
            "the repository's zappa_settings.json is unchanged",
            _digest(PROJECT_DIR / "zappa_settings.json") == self.settings_digest,
        )
        values = [p["Value"] for p in self._parameters(self.stage())]
        self.check(
            "no secret's value was ever printed by a command",
            values and not any(value in log for value in values),
        )

    # make deploy

    def _deployed(self, output: str) -> None:
        self.deploys += 1
        if self.deploys == 1:
            self._deployed_first(output)
        else:
            self._deployed_again(output)

    def _deployed_first(self, output: str) -> None:
        stage = self.stage()
        print("  after make deploy from nothing:")
        self._stack(stage, stage.table_prefix, made_by_stack=True)
        self._role_policy_in_moto(stage, stage.table_prefix)
        self._secrets(stage, output)
        self._function(stage)
        sent = self.emulator.lambda_sent("POST", r"^/2015-03-31/functions/?$")
        requested = sent[-1].json().get("SnapStart") if sent else None
        self.check(
            "dev runs without SnapStart (its cost: README), so Zappa asks for none",
            requested in (None, {"ApplyOn": "None"}),
            requested,
        )
        self._http_api(stage)
        self._static_files(stage)
        self._no_keep_warm_rule(stage)
        self.check("the deploy tells the operator to confirm the alarm mail", OPERATOR in output)
        self.check(
            f"the package was built for {stage.architecture}: every compiled file in it is",
            f"compiled files, all for {stage.architecture}." in output,
        )
        # One item (not the site's data) to follow through the restore and the undeploy.
        self.client("dynamodb").put_item(TableName=stage.table_prefix + MARKED_TABLE, Item=MARKER)

    def _deployed_again(self, output: str) -> None:
        print("  after make deploy again, with nothing changed:")
        self.check(
            "both passes over the stack found no changes",
            output.count("no changes.") == 2 and not self.since_mark("ExecuteChangeSet"),
            output[-800:],
        )
        self.check("no secret was written", not self.since_mark("PutParameter"))
        self.check(
            "the package was not built again (same sources, same settings)",
            "package kept" in output and "make --no-print-directory package" not in output,
        )
        code_calls = [
            r
            for r in self.emulator.requests[self.mark :]
            if r.method in ("POST", "PUT") and "/2015-03-31/functions" in r.path
        ]
        self.check(
            "the function was left alone: same package (PACKAGE_DIGEST), same settings",
            not code_calls and "already runs this package" in output,
            [r.path for r in code_calls],
        )
        self._stack(self.stage(), self.stage().table_prefix, made_by_stack=True)

    # make update, status, rollback

    def _updated(self, output: str) -> None:
        stage = self.stage()
        print("  after make update:")
        sent = self.emulator.lambda_sent("PUT", r"^/2015-03-31/functions/[^/]+/code$")
        self.check("the code was sent again (update always updates)", len(sent) >= 1)
        self.check("the stack had no changes", "no changes." in output)
        self._function(stage)
        versions = self._versions(stage)
        self.check("a second version exists to roll back to", len(versions) >= 2, versions)

    def _status(self, output: str) -> None:
        stage = self.stage()
        self.check("make status names the function", stage.function_name in output, output[-500:])
        self.check("make status shows the runtime", "python3.13" in output, output[-500:])
        api = self._api_id(stage)
        self.check("make status shows the API's URL", f"https://{api}.execute-api" in output)

    def _rolled_back(self, output: str) -> None:
        stage = self.stage()
        lambda_client = self.client("lambda")
        versions = self._versions(stage)
        sha = {
            v: lambda_client.get_function(FunctionName=stage.function_name, Qualifier=v)[
                "Configuration"
            ]["CodeSha256"]
            for v in [*versions, "$LATEST"]
        }
        self.check(
            "rollback published the previous version's code again",
            sha[versions[-1]] == sha[versions[-3]] == sha["$LATEST"],
            sha,
        )

    # the restore drill

    def _restored(self, output: str) -> None:
        stage = self.stage()
        print("  after the restore drill:")
        restores = self.since_mark("RestoreTableToPointInTime")
        self.check(
            "every table was restored to the point in time asked for",
            len(restores) == len(self.models)
            and all("RestoreDateTime" in r.json() for r in restores),
            [r.json() for r in restores][:2],
        )
        old = stage.table_prefix
        new = self._outputs(stage)["TablePrefix"]
        self.check(
            f"the stack's tables moved from {old} to a new prefix", new.startswith(old + "r"), new
        )
        self._import_sent(
            stage, {stack.table_logical_id(stage, m.Meta.logical_name, new) for m in self.models}
        )
        self._stack(stage, new, made_by_stack=False)
        self.check(
            "the marker item was restored with its table",
            self._marker_in(new + MARKED_TABLE),
        )
        tables = self.client("dynamodb").list_tables()["TableNames"]
        template = self._template(stage)
        self.check(
            f"the old tables {old}* are kept, and out of the stack",
            all(old + m.Meta.logical_name in tables for m in self.models)
            and self._marker_in(old + MARKED_TABLE)
            and not any(
                r["Properties"].get("TableName", "").startswith(old + m.Meta.logical_name)
                and r["Properties"]["TableName"] == old + m.Meta.logical_name
                for r in template["Resources"].values()
                for m in self.models
            ),
        )
        variables = self._environment(stage)
        self.check(
            "make update switched the function to the restored tables",
            variables.get("DYNAMODB_TABLE_PREFIX") == new,
            variables.get("DYNAMODB_TABLE_PREFIX"),
        )

    # adoption

    def stage_made_by_hand(self, name: str) -> None:
        """A stage as the old manual steps left it: tables, an item, the function's log group."""
        stage = self.stage(name)
        print(
            f"\n(a stage made by hand: {stage.table_prefix}* with manage.py dynamodb_tables create)"
        )
        environment = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("AWS_", "DYNAMODB_", "DJANGO_"))
            },
            "DYNAMODB_ENDPOINT_URL": self.emulator.url,
            "DYNAMODB_TABLE_PREFIX": stage.table_prefix,
            "AWS_REGION": REGION,
        }
        subprocess.run(
            [PROJECT_DIR / ".venv/bin/python", "manage.py", "dynamodb_tables", "create"],
            cwd=PROJECT_DIR,
            env=environment,
            check=True,
            capture_output=True,
        )
        self.client("dynamodb").put_item(TableName=stage.table_prefix + MARKED_TABLE, Item=MARKER)
        self.client("logs").create_log_group(logGroupName=stage.log_group)
        tables = self.client("dynamodb").list_tables()["TableNames"]
        self.check(
            "the hand-made stage has every table and no stack",
            all(stage.table_prefix + m.Meta.logical_name in tables for m in self.models),
        )
        self.mark = len(self.emulator.requests)

    def adoption_refused(self, code: int, output: str) -> None:
        stage = self.stage(ADOPTED)
        print("  answered no:")
        self.check("production showed the change set and asked", "Apply these changes" in output)
        self.check("answered no, the adoption stopped (exit 2)", code == 2, output[-500:])
        stacks = [
            s["StackName"]
            for s in self.client("cloudformation").list_stacks()["StackSummaries"]
            if s["StackStatus"].endswith("_COMPLETE") and "DELETE" not in s["StackStatus"]
        ]
        self.check("nothing was applied", stage.stack_name not in stacks, stacks)
        self.mark = len(self.emulator.requests)

    def _adopted(self, output: str) -> None:
        stage = self.stage(ADOPTED)
        print("  after make adopt, answered yes:")
        self.check("production asked before applying", "Apply these changes" in output)
        expected = {
            stack.table_logical_id(stage, m.Meta.logical_name, stage.table_prefix)
            for m in self.models
        }
        self._import_sent(stage, expected | {"FunctionLogGroup"})
        self.check(
            "the marker item is still there",
            self._marker_in(stage.table_prefix + MARKED_TABLE),
        )
        self._stack(stage, stage.table_prefix, made_by_stack=False, zappa=False)
        self._domain_records(stage)

    def _import_sent(self, stage, expected: set[str]) -> None:
        imports = [
            dict(parse_qsl(r.body.decode()))
            for r in self.since_mark("CreateChangeSet")
            if dict(parse_qsl(r.body.decode())).get("ChangeSetType") == "IMPORT"
        ]
        if not self.check("an IMPORT change set was sent", len(imports) == 1, len(imports)):
            return
        form = imports[0]
        logical = {v for k, v in form.items() if k.endswith(".LogicalResourceId")}
        self.check(
            "it imports exactly the existing resources",
            logical == expected,
            sorted(logical ^ expected)[:5],
        )
        template = json.loads(form["TemplateBody"])
        identifiers = {}
        for key, value in form.items():
            match = re.match(r"ResourcesToImport\.member\.(\d+)\.(\w+)", key)
            if match and match[2] == "LogicalResourceId":
                identifiers[value] = match[1]
        resources = template["Resources"]
        self.check(
            "each is in the import template, with DeletionPolicy Retain, named as it exists",
            all(
                resources[lid]["DeletionPolicy"] == "Retain"
                and form[f"ResourcesToImport.member.{n}.ResourceType"] == resources[lid]["Type"]
                for lid, n in identifiers.items()
            ),
        )
        found_protection = {
            resources[lid]["Properties"].get("PointInTimeRecoverySpecification")
            for lid in logical
            if resources[lid]["Type"] == "AWS::DynamoDB::Table"
        }
        self.check(
            "tables are imported as they are (no point-in-time recovery yet)",
            found_protection == {None},
            found_protection,
        )

    # make undeploy

    def _undeployed(self, output: str) -> None:
        stage = self.stage()
        functions = [f["FunctionName"] for f in self.client("lambda").list_functions()["Functions"]]
        self.check("the function is gone", stage.function_name not in functions, functions)
        stacks = {
            s["StackName"]: s["StackStatus"]
            for s in self.client("cloudformation").list_stacks()["StackSummaries"]
            if s["StackStatus"] != "DELETE_COMPLETE"
        }
        self.check(
            "Zappa's stack (the HTTP API) is gone", stage.function_name not in stacks, stacks
        )
        self.check("the stage's stack stays", stage.stack_name in stacks, stacks)
        prefix = self._outputs(stage)["TablePrefix"]
        tables = self.client("dynamodb").list_tables()["TableNames"]
        self.check(
            "every table stays, with its items",
            all(prefix + m.Meta.logical_name in tables for m in self.models)
            and self._marker_in(prefix + MARKED_TABLE),
        )
        self.check("the secrets stay", len(self._parameters(stage)) == 5)
        groups = [g["logGroupName"] for g in self.client("logs").describe_log_groups()["logGroups"]]
        self.check("the log group stays", stage.log_group in groups)
        self._alarm_template(self._template(stage), stage, api_id=None)
        self.check("undeploy says what it kept", "Kept, with their data" in output, output[-600:])
        rules = self.client("events").list_rules()["Rules"]
        self.check("no CloudWatch Events rule is left", rules == [], rules)

    # the stack

    def _stack(self, stage, prefix: str, made_by_stack: bool, zappa: bool = True) -> None:
        cloudformation = self.client("cloudformation")
        status = cloudformation.describe_stacks(StackName=stage.stack_name)["Stacks"][0][
            "StackStatus"
        ]
        self.check(
            f"{stage.stack_name}: {status}",
            status.endswith("_COMPLETE") and "ROLLBACK" not in status,
        )
        outputs = (
            zappa_stage.outputs(cloudformation, self.client("lambda"), stage) if zappa else None
        )
        expected = json.loads(stack.to_json(stack.template(stage, self.models, prefix, outputs)))
        template = self._template(stage)
        self.check(
            "the stack holds exactly the template generated from the table registry",
            template == expected,
            _difference(template, expected),
        )
        names = {prefix + m.Meta.logical_name: m for m in self.models}
        dynamodb = self.client("dynamodb")
        tables = {name: dynamodb.describe_table(TableName=name)["Table"] for name in names}
        self.check(
            f"every registered model has its table {prefix}…, on demand (template)",
            all(
                r["Properties"]["BillingMode"] == "PAY_PER_REQUEST"
                for r in template["Resources"].values()
                if r["Type"] == "AWS::DynamoDB::Table"
            ),
        )
        self.check(
            "each table's keys and indexes are the model's",
            all(
                t["KeySchema"] == stack.table_shape(names[n], n)["KeySchema"]
                and sorted(i["IndexName"] for i in t.get("GlobalSecondaryIndexes", []))
                == sorted(
                    i["IndexName"]
                    for i in stack.table_shape(names[n], n).get("GlobalSecondaryIndexes", [])
                )
                for n, t in tables.items()
            ),
        )
        streams = {
            n: t.get("StreamSpecification", {}).get("StreamViewType")
            for n, t in tables.items()
            if getattr(names[n].Meta, "stream_view_type", None)
        }
        self.check(
            "a table whose model sets stream_view_type has that stream (declared in the template)",
            all(
                template["Resources"][
                    stack.table_logical_id(stage, names[n].Meta.logical_name, prefix)
                ]["Properties"]["StreamSpecification"]["StreamViewType"]
                == names[n].Meta.stream_view_type
                for n in streams
            ),
            streams,
        )
        declared = [
            r for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"
        ]
        self.check(
            "template: every table keeps its data (DeletionPolicy and UpdateReplacePolicy Retain)",
            len(declared) == len(self.models)
            and all(r["DeletionPolicy"] == r["UpdateReplacePolicy"] == "Retain" for r in declared),
        )
        self.check(
            "template: point-in-time recovery and deletion protection on every table",
            all(
                r["Properties"]["PointInTimeRecoverySpecification"]
                == {"PointInTimeRecoveryEnabled": True}
                and r["Properties"]["DeletionProtectionEnabled"] is True
                for r in declared
            ),
        )
        ttl = {
            m.Meta.logical_name: m._ttl_attribute().attr_name
            for m in self.models
            if m._ttl_attribute()
        }
        self.check(
            f"template: TTL on {', '.join(sorted(ttl))}",
            all(
                template["Resources"][stack.table_logical_id(stage, name, prefix)]["Properties"][
                    "TimeToLiveSpecification"
                ]
                == {"AttributeName": attribute, "Enabled": True}
                for name, attribute in ttl.items()
            ),
        )
        if made_by_stack:
            self.check(
                "moto: deletion protection on every table the stack made",
                all(t.get("DeletionProtectionEnabled") for t in tables.values()),
            )
        groups = {
            g["logGroupName"]: g.get("retentionInDays")
            for g in self.client("logs").describe_log_groups()["logGroups"]
        }
        if made_by_stack:
            self.check(
                f"log group {stage.log_group} keeps {stage.log_retention_days} days",
                groups.get(stage.log_group) == stage.log_retention_days,
                groups,
            )
        topics = [t["TopicArn"] for t in self.client("sns").list_topics()["Topics"]]
        self.check(
            "the alarm topic exists",
            any(t.endswith(f":{stage.function_name}-alarms") for t in topics),
            topics,
        )
        api = self._api_id(stage) if zappa else None
        self._alarm_template(template, stage, api_id=api)
        role = template["Resources"]["LambdaRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        arns = json.dumps(stack.worked_out(role, "123456789012"))
        handled = consumer.stream_tables()
        self.check(
            f"template: the role's policy names the tables {prefix}… and no other, and the "
            f"streams of {', '.join(handled)}",
            all(f"table/{prefix}{m.Meta.logical_name}" in arns for m in self.models)
            and arns.count(":table/") == 2 * len(self.models) + len(handled)
            and all(f"table/{prefix}{name}/stream/*" in arns for name in handled)
            and "sqs:SendMessage" in arns,
        )
        self._background(stage, prefix, template, zappa)
        buckets = {b["Name"] for b in self.client("s3").list_buckets()["Buckets"]}
        outputs = self._outputs(stage)
        self.check(
            "the static and deployment buckets exist",
            {outputs["StaticBucket"], outputs["DeploymentBucket"]} <= buckets,
        )

    def _background(self, stage, prefix: str, template: dict, zappa: bool) -> None:
        """The background engine's queue, stream mappings and sweeps' rule (deploy/streams.py)."""
        queues = self.client("sqs").list_queues().get("QueueUrls", [])
        queue = next((q for q in queues if q.endswith("/" + consumer.queue_name(stage))), None)
        retention = (
            self.client("sqs").get_queue_attributes(
                QueueUrl=queue, AttributeNames=["MessageRetentionPeriod"]
            )["Attributes"]["MessageRetentionPeriod"]
            if queue
            else None
        )
        self.check(
            f"moto: the stream failure queue keeps messages 14 days ({retention} s)",
            retention == str(consumer.QUEUE_RETENTION_SECONDS),
            queues,
        )
        if not zappa:
            return
        resources = template["Resources"]
        mappings = {
            r["Properties"]["EventSourceArn"]["Fn::GetAtt"][0]: r["Properties"]
            for r in resources.values()
            if r["Type"] == "AWS::Lambda::EventSourceMapping"
        }
        expected = {
            stack.table_logical_id(stage, name, prefix) for name in consumer.stream_tables()
        }
        target = self._outputs(stage)["FunctionTarget"]
        self.check(
            f"template: a stream mapping per handled table of {prefix}…, to {target}",
            set(mappings) == expected
            and all(
                m["FunctionName"] == target
                and m["StartingPosition"] == "TRIM_HORIZON"
                and m["BisectBatchOnFunctionError"] is True
                and m["MaximumRecordAgeInSeconds"] == consumer.RECORD_AGE_SECONDS
                and m["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
                and m["DestinationConfig"]["OnFailure"]["Destination"]
                == {"Fn::GetAtt": [consumer.QUEUE, "Arn"]}
                for m in mappings.values()
            ),
            sorted(mappings),
        )
        arns = {
            self.client("dynamodb")
            .describe_table(TableName=prefix + name)["Table"]
            .get("LatestStreamArn")
            for name in consumer.stream_tables()
        }
        found = self.client("lambda").list_event_source_mappings()["EventSourceMappings"]
        mapped = {m["EventSourceArn"] for m in found}
        self.check(
            "moto: the mappings read the streams of the stage's current tables",
            arns <= mapped,
            sorted(mapped),
        )
        rule = resources[consumer.SWEEPS_RULE]["Properties"]
        self.check(
            "template: the sweeps run every 5 minutes from a rule aimed at the alias",
            rule["ScheduleExpression"] == consumer.SWEEPS_RATE
            and rule["Targets"][0]["Arn"] == target
            and json.loads(rule["Targets"][0]["Input"]) == {"command": consumer.SWEEPS_COMMAND}
            and resources["SweepsPermission"]["Properties"]["FunctionName"] == target,
        )

    def _role_policy_in_moto(self, stage, prefix: str) -> None:
        iam = self.client("iam")
        role = self._outputs(stage)["LambdaRoleName"]
        trust = iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        self.check(
            "the Lambda role trusts lambda.amazonaws.com only",
            [s["Principal"] for s in trust["Statement"]] == [{"Service": "lambda.amazonaws.com"}],
        )
        document = iam.get_role_policy(RoleName=role, PolicyName="site")["PolicyDocument"]
        # Moto's CloudFormation keeps an inline policy in Python's notation, not JSON.
        document = ast.literal_eval(document) if isinstance(document, str) else document
        names = [m.Meta.logical_name for m in self.models]
        self.check(
            "the role holds exactly deploy/lambda_policy.py's policy",
            document
            == lambda_policy.policy(stage, ACCOUNT_ID, names, prefix, consumer.stream_tables()),
            document,
        )

    def _secrets(self, stage, output: str) -> None:
        parameters = self._parameters(stage)
        self.check(
            f"the site's own secrets were made, the operator's Stripe keys stored, SecureStrings "
            f"under {stage.ssm_path}/",
            sorted(p["Name"].rsplit("/", 1)[1] for p in parameters)
            == [
                "BILLING_SIGNING_KEYS",
                "DJANGO_SECRET_KEY",
                "STRIPE_PUBLISHABLE_KEY",
                "STRIPE_SECRET_KEY",
                "STRIPE_WEBHOOK_SECRET",
            ]
            and all(p["Type"] == "SecureString" for p in parameters),
            parameters,
        )
        self.check(
            "the deploy named them and printed no value",
            "DJANGO_SECRET_KEY" in output and not any(p["Value"] in output for p in parameters),
        )

    def _parameters(self, stage) -> list[dict]:
        return self.client("ssm").get_parameters_by_path(
            Path=stage.ssm_path + "/", WithDecryption=True
        )["Parameters"]

    # the function, its API and its files

    def _function(self, stage) -> None:
        config = self.client("lambda").get_function_configuration(FunctionName=stage.function_name)
        self.check(
            "runtime python3.13, Zappa's handler",
            config["Runtime"] == "python3.13" and config["Handler"] == "handler.lambda_handler",
        )
        self.check(
            f"memory {stage.memory_mb} MB, timeout {stage.timeout_seconds} s",
            config["MemorySize"] == stage.memory_mb and config["Timeout"] == stage.timeout_seconds,
        )
        self.check(
            f"architecture {stage.architecture}",
            config.get("Architectures") == [stage.architecture],
            config.get("Architectures"),
        )
        outputs = self._outputs(stage)
        self.check(
            "the role is the stack's role",
            config["Role"].endswith(f":role/{outputs['LambdaRoleName']}"),
            config["Role"],
        )
        variables = config.get("Environment", {}).get("Variables", {})
        wanted = {
            **stage.environment,
            "DJANGO_ALLOWED_HOSTS": stage.allowed_hosts(),
            "DYNAMODB_TABLE_PREFIX": outputs["TablePrefix"],
            "STATIC_BUCKET": outputs["StaticBucket"],
            "STATIC_CDN_DOMAIN": outputs["StaticCdnDomain"],
        }
        self.check(
            "environment: the stage's variables, completed from the stack's outputs",
            {k: v for k, v in variables.items() if k != "PACKAGE_DIGEST"} == wanted
            and len(variables.get("PACKAGE_DIGEST", "")) == 64,
            variables,
        )
        secrets = [p["Value"] for p in self._parameters(stage)]
        self.check(
            "no secret in the environment", not any(s in json.dumps(variables) for s in secrets)
        )

    def _environment(self, stage) -> dict:
        config = self.client("lambda").get_function_configuration(FunctionName=stage.function_name)
        return config.get("Environment", {}).get("Variables", {})

    def _versions(self, stage) -> list[str]:
        versions = self.client("lambda").list_versions_by_function(
            FunctionName=stage.function_name
        )["Versions"]
        return sorted((v["Version"] for v in versions if v["Version"] != "$LATEST"), key=int)

    def _api_id(self, stage) -> str:
        return self.client("cloudformation").describe_stack_resource(
            StackName=stage.function_name, LogicalResourceId=zappa_stage.API_LOGICAL_ID
        )["StackResourceDetail"]["PhysicalResourceId"]

    def _http_api(self, stage) -> None:
        body = self.client("cloudformation").get_template(StackName=stage.function_name)[
            "TemplateBody"
        ]
        resources = (json.loads(body) if isinstance(body, str) else body)["Resources"]
        kinds = {r["Type"] for r in resources.values()}
        self.check(
            "Zappa made an HTTP API (v2), no REST API",
            "AWS::ApiGatewayV2::Api" in kinds and "AWS::ApiGateway::RestApi" not in kinds,
            kinds,
        )
        integration = _one(resources, "AWS::ApiGatewayV2::Integration")
        uri = json.dumps(integration["IntegrationUri"])
        self.check(
            "without SnapStart, the integration calls the function itself (no alias)",
            ":snapstart" not in uri and stage.function_name in uri,
            uri,
        )
        stage_resource = _one(resources, "AWS::ApiGatewayV2::Stage")
        self.check(
            f"API stage {stage.name}, deployed automatically",
            stage_resource["StageName"] == stage.name and stage_resource["AutoDeploy"] is True,
        )

    def _static_files(self, stage) -> None:
        s3 = self.client("s3")
        bucket = self._outputs(stage)["StaticBucket"]
        manifest = json.loads((PROJECT_DIR / "static_manifest" / "staticfiles.json").read_text())
        hashed = set(manifest["paths"].values())
        keys = {o["Key"] for o in _all_objects(s3, bucket)}
        self.check(
            "every hashed file of the manifest is in the stack's static bucket",
            hashed and hashed <= keys,
            sorted(hashed - keys)[:5],
        )
        slow = []
        for key in sorted(hashed)[:20]:
            cache = s3.head_object(Bucket=bucket, Key=key).get("CacheControl", "")
            if LONG_CACHE not in cache or "immutable" not in cache:
                slow.append((key, cache))
        self.check(
            "hashed files carry Cache-Control: max-age=31536000, immutable", slow == [], slow[:3]
        )

    def _no_keep_warm_rule(self, stage) -> None:
        rules = [r["Name"] for r in self.client("events").list_rules()["Rules"]]
        zappas = [r for r in rules if consumer.SWEEPS_RULE not in r]  # the stack's own is not
        self.check("no keep-warm rule (keep_warm false)", not zappas, rules)

    # reading back

    def _outputs(self, stage) -> dict[str, str]:
        described = self.client("cloudformation").describe_stacks(StackName=stage.stack_name)
        return {
            o["OutputKey"]: o["OutputValue"] for o in described["Stacks"][0].get("Outputs") or []
        }

    def _template(self, stage) -> dict:
        body = self.client("cloudformation").get_template(StackName=stage.stack_name)[
            "TemplateBody"
        ]
        return json.loads(body) if isinstance(body, str) else json.loads(json.dumps(body))

    def _marker_in(self, table: str) -> bool:
        key = {"code": MARKER["code"]}
        return "Item" in self.client("dynamodb").get_item(TableName=table, Key=key)

    # the site's own domain

    def _domain_template(self, template: dict, stage) -> None:
        resources = template["Resources"]
        certificate = _one(resources, "AWS::CertificateManager::Certificate")
        self.check(
            f"{stage.name}: a certificate for {stage.domain_name}, validated by DNS in its zone",
            certificate["DomainName"] == stage.domain_name
            and certificate["DomainValidationOptions"]
            == [{"DomainName": stage.domain_name, "HostedZoneId": stage.hosted_zone_id}],
        )
        config = _one(resources, "AWS::ApiGatewayV2::DomainName")["DomainNameConfigurations"][0]
        self.check(
            f"{stage.name}: the API's domain is regional, TLS 1.2, with that certificate",
            config["EndpointType"] == "REGIONAL"
            and config["SecurityPolicy"] == "TLS_1_2"
            and config["CertificateArn"] == {"Ref": "DomainCertificate"},
        )
        mapping = _one(resources, "AWS::ApiGatewayV2::ApiMapping")
        self.check(
            f"{stage.name}: the second pass maps the domain to the HTTP API's stage",
            mapping["Stage"] == stage.name and mapping["DomainName"] == {"Ref": "ApiDomain"},
        )

    def _domain_records(self, stage) -> None:
        """Moto makes Route 53 records: read them back."""
        records = self.client("route53").list_resource_record_sets(
            HostedZoneId=stage.hosted_zone_id
        )["ResourceRecordSets"]
        aliases = {
            r["Type"]: r["AliasTarget"]["DNSName"]
            for r in records
            if r["Name"].rstrip(".") == stage.domain_name and "AliasTarget" in r
        }
        self.check(
            f"Route 53: {stage.domain_name} has A and AAAA aliases to the API's domain",
            set(aliases) == {"A", "AAAA"}
            and all(".execute-api." in name for name in aliases.values()),
            records,
        )


def _difference(got: dict, expected: dict) -> str:
    keys = set(got.get("Resources", {})) ^ set(expected.get("Resources", {}))
    changed = [
        k
        for k in set(got.get("Resources", {})) & set(expected.get("Resources", {}))
        if got["Resources"][k] != expected["Resources"][k]
    ]
    return f"only in one: {sorted(keys)[:5]}, different: {sorted(changed)[:5]}"


def _one(resources: dict, kind: str) -> dict:
    found = [r.get("Properties", {}) for r in resources.values() if r["Type"] == kind]
    assert len(found) == 1, (kind, len(found))
    return found[0]


def _all_objects(s3, bucket: str) -> list[dict]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return [o for page in pages for o in page.get("Contents", [])]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
