import { SIGV4_ALGORITHM, credentialScope, signHex, toAmzDate } from './sigv4';

/** Status S3 answers a successful POST with: 201 carries Location, Bucket, Key and ETag in XML. */
export const SUCCESS_ACTION_STATUS = '201';

/** Everything a POST policy for one object states. */
export interface PostPolicyInput {
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  /** Smallest accepted size in bytes. */
  readonly minBytes: number;
  /** Largest accepted size in bytes. */
  readonly maxBytes: number;
  /** When the signature is made; also fixes the credential date. */
  readonly signedAt: Date;
  /** When the policy stops being accepted. */
  readonly expiresAt: Date;
  readonly region: string;
  readonly accessKeyId: string;
  /** Session token of temporary credentials (always present in Lambda). */
  readonly sessionToken?: string;
  /** ARN of the KMS key when the bucket uses SSE-KMS. */
  readonly kmsKeyArn?: string;
}

/** The unsigned policy document and the form fields it covers. */
export interface UnsignedPostPolicy {
  /** The policy document, serialized as JSON. */
  readonly document: string;
  /** Form fields the browser sends before `file`, minus `Policy` and `X-Amz-Signature`. */
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Builds a POST policy that pins everything: the bucket, the exact key, the
 * exact Content-Type, the size range, the success status, server-side
 * encryption when SSE-KMS is used, and the SigV4 credential fields. It grants
 * no ACL and no `starts-with` freedom, so the browser can change nothing but
 * the file's bytes.
 */
export function buildPostPolicy(input: PostPolicyInput): UnsignedPostPolicy {
  const amzDate = toAmzDate(input.signedAt);
  const credential = `${input.accessKeyId}/${credentialScope(amzDate.slice(0, 8), input.region, 's3')}`;
  const fields: Record<string, string> = {
    'bucket': input.bucket,
    'key': input.key,
    'Content-Type': input.contentType,
    'success_action_status': SUCCESS_ACTION_STATUS,
  };
  if (input.kmsKeyArn !== undefined) {
    fields['x-amz-server-side-encryption'] = 'aws:kms';
    fields['x-amz-server-side-encryption-aws-kms-key-id'] = input.kmsKeyArn;
  }
  fields['X-Amz-Algorithm'] = SIGV4_ALGORITHM;
  fields['X-Amz-Credential'] = credential;
  fields['X-Amz-Date'] = amzDate;
  if (input.sessionToken !== undefined) {
    fields['X-Amz-Security-Token'] = input.sessionToken;
  }
  const conditions: unknown[] = [];
  for (const [name, value] of Object.entries(fields)) {
    conditions.push({ [name]: value });
    if (name === 'Content-Type') {
      conditions.push(['content-length-range', input.minBytes, input.maxBytes]);
    }
  }
  const document = JSON.stringify({ expiration: input.expiresAt.toISOString(), conditions });
  return { document, fields };
}

/** A policy ready for the browser: base64 document and its signature. */
export interface SignedPostPolicy {
  readonly policy: string;
  readonly signature: string;
}

/** SigV4 for POST: the string to sign is the base64-encoded policy document itself. */
export function signPostPolicy(document: string, signingKey: Buffer): SignedPostPolicy {
  const policy = Buffer.from(document, 'utf8').toString('base64');
  return { policy, signature: signHex(signingKey, policy) };
}
