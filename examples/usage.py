from aws_cdk import App, Duration, Environment, Size, Stack
from aws_cdk import aws_lambda as lambda_
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

# Your code that processes each upload; it gets EventBridge "Object Created" events.
processor = lambda_.Function(stack, "Processor",
    runtime=lambda_.Runtime.NODEJS_22_X,
    handler="index.handler",
    code=lambda_.Code.from_inline("exports.handler = async (event) => console.log(event.detail.object.key);"),
)
uploads.add_upload_handler(processor)

app.synth()
