import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PresignAuth, PresignedUploadBucket, UploadEncryption } from '../src';

/**
 * The template with every asset hash replaced by a fixed key, so the snapshot
 * changes when the construct's resources change, not whenever a byte of the
 * bundled handler does (the handler has its own tests).
 */
function stableTemplate(stack: Stack): unknown {
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  return JSON.parse(json.replace(/[0-9a-f]{64}(\.zip)/g, 'STABLE-ASSET-HASH$1'));
}

function build(configure: (stack: Stack) => void): unknown {
  const stack = new Stack(new App(), 'Snapshot', { env: { account: '111122223333', region: 'eu-west-1' } });
  configure(stack);
  return stableTemplate(stack);
}

test('default configuration', () => {
  expect(build((stack) => new PresignedUploadBucket(stack, 'Uploads', {
    allowedOrigins: ['https://app.example.com'],
  }))).toMatchSnapshot();
});

test('JWT auth with KMS encryption', () => {
  expect(build((stack) => new PresignedUploadBucket(stack, 'Uploads', {
    allowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
    auth: PresignAuth.jwt({ issuer: 'https://idp.example.com/', audience: ['web'] }),
    encryption: UploadEncryption.kms(),
  }))).toMatchSnapshot();
});

test('asset keys are stable placeholders', () => {
  const text = JSON.stringify(build((stack) => new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ['https://app.example.com'] })));
  expect(text).toContain('STABLE-ASSET-HASH.zip');
  expect(text).not.toMatch(/[0-9a-f]{64}\.zip/);
});
