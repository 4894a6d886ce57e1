import { Annotations, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { PresignAuthType } from '../presign-auth';
import type { ResolvedConfig } from './resolve-config';

/**
 * The acknowledgeable synth-time warnings of a configuration that is valid
 * but weaker than the defaults, each with a namespaced id
 * (`cdk-presigned-upload:...`) for `Annotations.acknowledgeWarning`.
 */
export function addConstructWarnings(scope: IConstruct, config: ResolvedConfig): void {
  const annotations = Annotations.of(scope);
  if (config.auth.authType === PresignAuthType.NONE) {
    annotations.addWarningV2('cdk-presigned-upload:publicPresignEndpoint',
      'The presign endpoint has no authentication (PresignAuth.none()): anyone who finds its URL can upload files into your bucket. '
      + 'Use PresignAuth.iam() or PresignAuth.jwt() unless this is intended.');
  }
  if (config.anyOrigin) {
    annotations.addWarningV2('cdk-presigned-upload:anyOrigin',
      'allowAnyOrigin is true: scripts on any web site may request upload URLs and upload with them. List your origins instead unless this is intended.');
  }
  if (config.hasWildcardOrigin) {
    annotations.addWarningV2('cdk-presigned-upload:wildcardOriginWidened',
      'allowedOrigins has a "*." subdomain wildcard. The upload bucket enforces it exactly, but API Gateway and CloudFront cannot express it: '
      + 'the presign API allows any origin of that scheme and the results distribution allows "*". List exact origins to avoid this.');
  }
  if (config.accelerationRegionUnverified) {
    annotations.addWarningV2('cdk-presigned-upload:transferAccelerationRegionUnverified',
      `transferAcceleration is true in ${Stack.of(scope).region}, a Region this library can't vouch for: S3 offers Transfer Acceleration `
      + 'in the Regions listed in docs/transfer-acceleration.md, and Regions opened since may lack it, which fails the deployment with 405 '
      + 'MethodNotAllowed. Check the S3 console\'s bucket properties in that Region, then acknowledge this warning, or remove transferAcceleration.');
  }
  if (config.executableContentTypes.length > 0) {
    annotations.addWarningV2('cdk-presigned-upload:executableContentTypes',
      `allowedContentTypes admits browser-executable types (${config.executableContentTypes.join(', ')}): results served from your domain with these types can run script. Keep them only if you sanitize or never serve them.`);
  }
}
