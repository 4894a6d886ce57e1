"""Python consumer test: the built wheel, installed with aws-cdk-lib from PyPI in a fresh virtualenv.

Run by scripts/test-python.sh. It runs the README's Python example (examples/usage.py)
as it is, and checks the template against the expectations the TypeScript and Java
tests check too (test/fixtures/usage-expectations.json).
"""
import json
import os
import pathlib
import runpy
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
from aws_cdk import App, Environment, Size, Stack
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from cdk_presigned_upload import InfectedObjectAction, MalwareProtection, MultipartUpload, PresignAuth, PresignedUploadBucket, RefusalCode

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXPECTATIONS = json.loads((ROOT / "test" / "fixtures" / "usage-expectations.json").read_text())


@pytest.fixture(scope="module")
def usage():
    return runpy.run_path(str(ROOT / "examples" / "usage.py"))


def test_the_readme_example_synthesizes_the_shared_expectations(usage):
    template = Template.from_stack(usage["stack"])
    for resource_type, count in EXPECTATIONS["resourceCounts"].items():
        template.resource_count_is(resource_type, count)
    for expected in EXPECTATIONS["resources"]:
        template.has_resource_properties(expected["type"], expected["properties"])


def test_the_readme_example_outputs_the_two_urls_the_frontend_needs(usage):
    outputs = Template.from_stack(usage["stack"]).to_json()["Outputs"]
    assert sorted(outputs) == ["PresignEndpointUrl", "ResultsBaseUrl"]


def test_the_presign_handler_bundle_ships_in_the_wheel(usage):
    # Python users need no esbuild or Docker: the synthesized assembly holds the
    # pre-bundled handler that came inside the wheel.
    outdir = pathlib.Path(usage["app"].outdir)
    handlers = [p for p in outdir.glob("asset.*/index.js") if "UPLOAD_MAX_BYTES" in p.read_text()]
    assert len(handlers) == 1


def test_invalid_props_raise_one_error_that_names_every_problem():
    stack = Stack(App(), "Invalid")
    with pytest.raises(RuntimeError) as error:
        PresignedUploadBucket(stack, "Uploads",
            allowed_origins=["https://app.example.com/"],
            upload_prefix="incoming",
        )
    message = str(error.value)
    assert "Invalid PresignedUploadBucket props at path [Invalid/Uploads]:" in message
    assert 'allowed_origins entry "https://app.example.com/" has a trailing slash' in message
    assert 'upload_prefix "incoming" does not end with "/"' in message


def test_the_named_defaults_are_readable():
    assert PresignedUploadBucket.DEFAULT_THROTTLE_RATE_LIMIT == 50
    assert PresignedUploadBucket.DEFAULT_THROTTLE_BURST_LIMIT == 100
    assert PresignedUploadBucket.DEFAULT_MAX_UPLOAD_SIZE.to_mebibytes() == 100
    assert PresignedUploadBucket.DEFAULT_UPLOAD_PREFIX == "uploads/"
    assert MultipartUpload.DEFAULT_PART_SIZE.to_mebibytes() == 64


def test_static_factories_and_enums_cross_the_language_boundary():
    auth = PresignAuth.none()
    assert auth.auth_type.name == "NONE"
    stack = Stack(App(), "Public")
    PresignedUploadBucket(stack, "Uploads", allowed_origins=["https://app.example.com"], auth=auth)
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::ApiGatewayV2::Route", {"AuthorizationType": "NONE"})


def test_malware_protection_scans_the_upload_prefix_and_keeps_infected_uploads_when_asked():
    stack = Stack(App(), "Scanned")
    uploads = PresignedUploadBucket(stack, "Uploads",
        allowed_origins=["https://app.example.com"],
        malware_protection=MalwareProtection.guard_duty(infected_objects=InfectedObjectAction.KEEP),
    )
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::GuardDuty::MalwareProtectionPlan", {
        "ProtectedResource": {"S3Bucket": {"ObjectPrefixes": ["uploads/"]}},
        "Actions": {"Tagging": {"Status": "ENABLED"}},
    })
    assert uploads.malware_protection_plan is not None
    assert MalwareProtection.guard_duty().infected_objects == InfectedObjectAction.DELETE


def test_multipart_uploads_up_to_5_tib_with_a_chosen_threshold():
    stack = Stack(App(), "Large")
    PresignedUploadBucket(stack, "Uploads",
        allowed_origins=["https://app.example.com"],
        max_upload_size=Size.tebibytes(5),
        multipart_upload=MultipartUpload.enabled(threshold=Size.mebibytes(64)),
    )
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::Lambda::Function", {
        "Environment": {"Variables": {"UPLOAD_MAX_BYTES": "5497558138880", "UPLOAD_MULTIPART_THRESHOLD": "67108864"}},
    })
    assert MultipartUpload.disabled().is_enabled is False


def test_an_sqs_queue_gets_each_new_upload_and_a_reader_may_read_uploads():
    stack = Stack(App(), "Queued")
    uploads = PresignedUploadBucket(stack, "Uploads", allowed_origins=["https://app.example.com"])
    queue = sqs.Queue(stack, "Jobs", enforce_ssl=True)
    rule = uploads.on_upload("ToJobs", target=targets.SqsQueue(queue), suffix=".mp4")
    worker = iam.Role(stack, "Worker", assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"))
    uploads.grant_read_uploads(worker)
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::Events::Rule", {
        "EventPattern": {"detail-type": ["Object Created"], "detail": {"object": {"key": [{"wildcard": "uploads/*.mp4"}]}}},
        "Targets": [{"Arn": {"Fn::GetAtt": [stack.get_logical_id(queue.node.default_child), "Arn"]}}],
    })
    template.has_resource_properties("AWS::IAM::Policy", {
        "PolicyDocument": {"Statement": [{"Action": "s3:GetObject", "Effect": "Allow"}]},
        "Roles": [{"Ref": stack.get_logical_id(worker.node.default_child)}],
    })
    assert rule.rule_arn is not None


def test_transfer_acceleration_urls_are_botocores(tmp_path):
    # The shipped handler, run by Node.js with the environment the template gives it, presigns one PUT;
    # botocore with use_accelerate_endpoint presigns PutObject for the same bucket and key (the URL's shape),
    # and botocore's SigV4 query signer re-signs the same request at the same time (the signature).
    app = App(outdir=str(tmp_path))
    stack = Stack(app, "Accelerated", env=Environment(region="eu-west-1"))
    PresignedUploadBucket(stack, "Uploads", allowed_origins=["https://app.example.com"],
        auth=PresignAuth.none(), transfer_acceleration=True)
    template = Template.from_stack(stack).to_json()
    bucket_id = next(name for name, r in template["Resources"].items()
        if r["Type"] == "AWS::S3::Bucket" and "AccelerateConfiguration" in r["Properties"])
    assert template["Resources"][bucket_id]["Properties"]["AccelerateConfiguration"] == {"AccelerationStatus": "Enabled"}
    variables = next(r["Properties"]["Environment"]["Variables"] for r in template["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function" and "UPLOAD_BUCKET" in r["Properties"].get("Environment", {}).get("Variables", {}))
    resolved = {"Ref:" + bucket_id: "uploads-123", "Ref:AWS::URLSuffix": "amazonaws.com"}
    env = {name: value if isinstance(value, str) else resolved["Ref:" + value["Ref"]] for name, value in variables.items()}
    app.synth()
    handler = next(p for p in tmp_path.glob("asset.*/index.js") if "UPLOAD_MAX_BYTES" in p.read_text())
    env.update(AWS_REGION="eu-west-1", AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    event = {"version": "2.0", "rawPath": "/uploads", "headers": {"content-type": "application/json"}, "isBase64Encoded": False,
        "requestContext": {"http": {"method": "POST", "path": "/uploads", "sourceIp": "192.0.2.1"}},
        "body": json.dumps({"filename": "photo.png", "contentType": "image/png", "size": 10, "checksum": "AAAAAAAAAAA="})}
    script = "require(process.argv[1]).handler(JSON.parse(process.argv[2])).then((r) => process.stdout.write(JSON.stringify(r)))"
    answer = json.loads(subprocess.run(["node", "-e", script, str(handler), json.dumps(event)],
        env={**os.environ, **env}, capture_output=True, text=True, check=True).stdout)
    assert answer["statusCode"] == 200, answer
    presign = json.loads(answer["body"])
    ours = urlsplit(presign["url"])

    import botocore.session
    from botocore.config import Config
    s3 = botocore.session.get_session().create_client("s3", region_name="eu-west-1",
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(signature_version="s3v4", s3={"use_accelerate_endpoint": True}))
    theirs = urlsplit(s3.generate_presigned_url("put_object", Params={"Bucket": "uploads-123", "Key": presign["key"]}, ExpiresIn=900))
    assert (ours.scheme, ours.netloc, ours.path) == (theirs.scheme, theirs.netloc, theirs.path)
    assert ours.netloc == "uploads-123.s3-accelerate.amazonaws.com"
    ours_query, theirs_query = parse_qs(ours.query), parse_qs(theirs.query)
    assert set(ours_query) == set(theirs_query)
    # Both sign for the bucket's region and S3, whatever the host.
    scope = lambda query: query["X-Amz-Credential"][0].split("/")[2:]
    assert scope(ours_query) == scope(theirs_query) == ["eu-west-1", "s3", "aws4_request"]

    # botocore re-signs exactly the headers ours signed, with their values, at ours' X-Amz-Date.
    import datetime
    from unittest import mock
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    signed = ours_query["X-Amz-SignedHeaders"][0].split(";")
    values = {**{k.lower(): v for k, v in presign["headers"].items()}, "content-length": "10", "host": ours.netloc}
    request = AWSRequest(method="PUT", url=f"{ours.scheme}://{ours.netloc}{ours.path}", headers={name: values[name] for name in signed})
    at = datetime.datetime.strptime(ours_query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.get_current_datetime", return_value=at):
        botocore.auth.S3SigV4QueryAuth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "s3", "eu-west-1",
            expires=int(ours_query["X-Amz-Expires"][0])).add_auth(request)
    resigned = parse_qs(urlsplit(request.url).query)
    assert resigned["X-Amz-SignedHeaders"] == ours_query["X-Amz-SignedHeaders"]
    assert resigned["X-Amz-Signature"] == ours_query["X-Amz-Signature"]



def test_refusal_metric_takes_the_code_enum():
    stack = Stack(App(), "Metrics", env=Environment(region="eu-west-1"))
    uploads = PresignedUploadBucket(stack, "Uploads", allowed_origins=["https://app.example.com"])
    metric = uploads.metric_refusals(RefusalCode.QUOTA_UNAVAILABLE)
    assert (metric.namespace, metric.metric_name, metric.statistic) == ("PresignedUploadBucket", "Refusals", "Sum")
    assert metric.dimensions["Code"] == "QUOTA_UNAVAILABLE"
