"""The stage's own domain on its HTTP API, in the stage's stack (deploy/stack.py).

Zappa's ``certify`` maps only REST APIs, and the stages use an HTTP API. When
the stage's settings name a domain (``stack.domain_name``) and the Route 53
hosted zone that holds it (``stack.hosted_zone_id``), the stack gets:

- the domain's ACM certificate, validated by DNS: CloudFormation writes the
  validation record into the zone and waits until the certificate is issued;
- the API's regional domain name with that certificate (TLS 1.2);
- A and AAAA alias records pointing the domain at it;
- in the second pass, once Zappa has made the API, the mapping of the domain to
  the API's stage.

None of them holds data: an undeploy removes the mapping with the API and keeps
the rest, which cost nothing while unused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deploy.stack import ZappaOutputs
    from deploy.stage import Stage


def domain_resources(stage: Stage, zappa: ZappaOutputs | None) -> dict:
    """The domain's resources; none when the stage names no domain."""
    if not stage.domain_name:
        return {}
    domain, zone = stage.domain_name, stage.hosted_zone_id
    resources = {
        "DomainCertificate": {
            "Type": "AWS::CertificateManager::Certificate",
            "Properties": {
                "DomainName": domain,
                "ValidationMethod": "DNS",
                "DomainValidationOptions": [{"DomainName": domain, "HostedZoneId": zone}],
                "Tags": [{"Key": "stage", "Value": stage.name}],
            },
        },
        "ApiDomain": {
            "Type": "AWS::ApiGatewayV2::DomainName",
            "Properties": {
                "DomainName": domain,
                "DomainNameConfigurations": [
                    {
                        "EndpointType": "REGIONAL",
                        "SecurityPolicy": "TLS_1_2",
                        "CertificateArn": {"Ref": "DomainCertificate"},
                    }
                ],
                "Tags": {"stage": stage.name},
            },
        },
    }
    for suffix, record_type in (("IPv4", "A"), ("IPv6", "AAAA")):
        resources["DomainRecord" + suffix] = {
            "Type": "AWS::Route53::RecordSet",
            "Properties": {
                "HostedZoneId": zone,
                "Name": domain,
                "Type": record_type,
                "AliasTarget": {
                    "DNSName": {"Fn::GetAtt": ["ApiDomain", "RegionalDomainName"]},
                    "HostedZoneId": {"Fn::GetAtt": ["ApiDomain", "RegionalHostedZoneId"]},
                    "EvaluateTargetHealth": False,
                },
            },
        }
    if zappa is not None:
        resources["ApiDomainMapping"] = {
            "Type": "AWS::ApiGatewayV2::ApiMapping",
            "Properties": {
                "DomainName": {"Ref": "ApiDomain"},
                "ApiId": zappa.api_id,
                "Stage": stage.name,
            },
        }
    return resources
