"""Secrets from AWS Systems Manager Parameter Store, loaded before settings use them.

On Lambda, ``SSM_PARAMETER_PATH`` (e.g. ``/serverless-django/production/``)
names a folder of SecureString parameters whose last path segment is an
environment variable name (``.../DJANGO_SECRET_KEY``,
``.../BILLING_SIGNING_KEYS``). They are read once per cold start (one
GetParametersByPath call per ten parameters) and never override a variable that
is already set.

The values become part of the SnapStart snapshot (see README: "Secrets and
SnapStart"), and the client's connection is closed once they are read, so that
no open socket is cloned into restored environments.
"""

import os


def load_parameters_into_environ(path: str, region: str | None, client=None) -> None:
    if client is None:
        import boto3

        client = boto3.client("ssm", region_name=region)
    try:
        _parameters_into_environ(client, path)
    finally:
        client.close()


def _parameters_into_environ(client, path: str) -> None:
    pages = client.get_paginator("get_parameters_by_path").paginate(
        Path=path, WithDecryption=True, Recursive=False
    )
    for page in pages:
        for parameter in page["Parameters"]:
            name = parameter["Name"].rsplit("/", 1)[-1]
            os.environ.setdefault(name, parameter["Value"])
