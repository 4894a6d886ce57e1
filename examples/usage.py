from aws_cdk import App, CfnOutput, Duration, Environment, Size, Stack
from cdk_presigned_upload import PresignAuth, PresignedUploadBucket, UploadQuotas

app = App()
stack = Stack(app, "UploadsStack", env=Environment(region="eu-west-1"))

uploads = PresignedUploadBucket(stack, "Uploads",
    allowed_origins=["https://app.example.com", "http://localhost:5173"],
    auth=PresignAuth.jwt(issuer="https://example.auth0.com/", audience=["my-api"]),
    max_upload_size=Size.mebibytes(20),
    allowed_content_types=["image/*", "application/pdf"],
    expire_uploads_after=Duration.days(7),
    # Per caller: 600 presign calls a minute, 1,000 uploads and 100 files of max_upload_size a day; everyone: 50 GiB a day.
    quotas=UploadQuotas.enabled(bytes_per_day=Size.gibibytes(50)),
)

# What the frontend needs: `cdk deploy` prints both, and `--outputs-file` writes them to a file.
CfnOutput(stack, "PresignEndpointUrl", value=uploads.presign_endpoint_url)
CfnOutput(stack, "ResultsBaseUrl", value=uploads.results_base_url)

app.synth()
