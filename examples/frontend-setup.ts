import { cognitoCredentials } from 'cdk-presigned-upload-client/cognito';
import { iamPresignFetch } from 'cdk-presigned-upload-client/iam';
import { createUploader } from 'cdk-presigned-upload-client/uppy';

/** What the page needs from the stack's outputs (`cdk deploy --outputs-file`) and its Cognito identity pool. */
export interface UploadSettings {
  readonly region: string;
  readonly presignEndpointUrl: string;
  readonly identityPoolId: string;
}

/** An Uppy instance that presigns with the default PresignAuth.iam(), signed with a guest identity's credentials. */
export function uploaderFor(settings: UploadSettings) {
  const credentials = cognitoCredentials(settings.region, settings.identityPoolId);
  return createUploader(settings.presignEndpointUrl, { presignFetch: iamPresignFetch(settings.region, credentials) });
}
