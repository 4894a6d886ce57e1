import { Duration } from 'aws-cdk-lib';
import { CorsHttpMethod, type CorsPreflightOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ResponseHeadersCorsBehavior } from 'aws-cdk-lib/aws-cloudfront';
import { HttpMethods, type CorsRule } from 'aws-cdk-lib/aws-s3';
import { ANY_ORIGIN, isWildcardOrigin } from './allowed-origins';
import {
  MULTIPART_CHECKSUM_HEADERS, MULTIPART_SIGNED_HEADERS, UPLOAD_CALLER_HEADER, UPLOAD_CHECKSUM_HEADER, UPLOAD_KMS_HEADERS, UPLOAD_PINNED_HEADERS,
} from '../shared/upload-headers';

/**
 * Headers every presigned single upload carries, as the handler signs them:
 * the type, If-None-Match, the pinned ones and the checksum, which a part
 * carries too (Content-Length is signed as well, but set by the browser).
 */
const UPLOAD_SIGNED_HEADERS: readonly string[] = ['content-type', 'if-none-match', ...Object.keys(UPLOAD_PINNED_HEADERS), UPLOAD_CHECKSUM_HEADER];

/** Response headers of an S3 upload that page scripts may read (Uppy needs ETag). */
export const UPLOAD_EXPOSED_HEADERS = ['ETag', 'x-amz-request-id', 'x-amz-id-2', 'x-amz-version-id'];

/** Request headers a client sends to the presign API, by authentication style. */
const API_ALLOWED_HEADERS = ['content-type', 'authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];

/** Request headers a page may send when reading results. */
const RESULTS_ALLOWED_HEADERS = ['Range', 'If-None-Match', 'If-Modified-Since'];
const RESULTS_EXPOSED_HEADERS = ['ETag', 'Content-Range', 'Accept-Ranges'];

/** Props of {@link UploadCors}. */
export interface UploadCorsProps {
  /** The origins of the pages that upload and read results. */
  readonly origins: string[];
  /** How long browsers may cache a preflight answer. */
  readonly maxAge: Duration;
  /** Whether uploads carry the SSE-KMS headers. */
  readonly kms: boolean;
  /** Whether the endpoint signs multipart uploads. */
  readonly multipart: boolean;
  /** Whether new uploads record their caller (`x-amz-meta-uploaded-by`), as they do where keys are per caller. */
  readonly recordsCaller: boolean;
}

/**
 * Derives the three CORS configurations of the pattern from one list of
 * allowed origins, so they can never disagree:
 * the upload bucket (PUT from the browser), the presign API's preflight, and
 * the results distribution's response-headers policy.
 */
export class UploadCors {
  private readonly origins: string[];
  private readonly maxAge: Duration;

  constructor(private readonly props: UploadCorsProps) {
    this.origins = props.origins;
    this.maxAge = props.maxAge;
  }

  /**
   * The upload bucket's rules, from exactly the allowed origins (S3 matches
   * one `*.` wildcard natively), with exactly the request headers the
   * presigned requests sign and nothing more: PUT (a single upload, or a
   * part) and, with multipart uploads, POST (start, complete), GET (list
   * parts, to resume) and DELETE (abort).
   */
  public uploadBucketRules(): CorsRule[] {
    const newUploadHeaders = [
      ...UPLOAD_SIGNED_HEADERS,
      ...(this.props.recordsCaller ? [UPLOAD_CALLER_HEADER] : []),
      ...(this.props.kms ? UPLOAD_KMS_HEADERS : []),
    ];
    const rules: CorsRule[] = [{
      id: 'BrowserPresignedPut',
      allowedOrigins: this.origins,
      allowedMethods: [HttpMethods.PUT],
      allowedHeaders: newUploadHeaders,
      exposedHeaders: UPLOAD_EXPOSED_HEADERS,
      maxAge: this.maxAge.toSeconds(),
    }];
    if (this.props.multipart) {
      rules.push({
        id: 'BrowserMultipartUpload',
        allowedOrigins: this.origins,
        allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.DELETE],
        allowedHeaders: [...newUploadHeaders, ...Object.keys(MULTIPART_CHECKSUM_HEADERS), ...MULTIPART_SIGNED_HEADERS],
        exposedHeaders: UPLOAD_EXPOSED_HEADERS,
        maxAge: this.maxAge.toSeconds(),
      });
    }
    return rules;
  }

  /** The results bucket's rule, so preflights CloudFront forwards to S3 succeed. */
  public resultsBucketRules(): CorsRule[] {
    return [{
      id: 'BrowserReadResults',
      allowedOrigins: this.origins,
      allowedMethods: [HttpMethods.GET, HttpMethods.HEAD],
      allowedHeaders: RESULTS_ALLOWED_HEADERS,
      exposedHeaders: RESULTS_EXPOSED_HEADERS,
      maxAge: this.maxAge.toSeconds(),
    }];
  }

  /**
   * API Gateway HTTP APIs accept exact origins, `*`, or a scheme wildcard
   * (`https://*`), but not `https://*.example.com`. A subdomain wildcard is
   * therefore widened to its scheme wildcard here (the construct warns).
   */
  public apiPreflight(): CorsPreflightOptions {
    return {
      allowOrigins: this.widen((scheme) => `${scheme}://*`),
      allowMethods: [CorsHttpMethod.POST],
      allowHeaders: API_ALLOWED_HEADERS,
      maxAge: this.maxAge,
    };
  }

  /**
   * CloudFront response-headers policies accept exact origins or `*` only, so
   * a subdomain wildcard is widened to `*` here (the construct warns).
   */
  public resultsCors(): ResponseHeadersCorsBehavior {
    return {
      accessControlAllowOrigins: this.widen(() => ANY_ORIGIN),
      accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
      accessControlAllowHeaders: RESULTS_ALLOWED_HEADERS,
      accessControlExposeHeaders: RESULTS_EXPOSED_HEADERS,
      accessControlAllowCredentials: false,
      accessControlMaxAge: this.maxAge,
      originOverride: true,
    };
  }

  private widen(replacement: (scheme: string) => string): string[] {
    const out: string[] = [];
    for (const origin of this.origins) {
      const value = isWildcardOrigin(origin) ? replacement(origin.slice(0, origin.indexOf('://'))) : origin;
      if (!out.includes(value)) out.push(value);
    }
    return out.includes(ANY_ORIGIN) ? [ANY_ORIGIN] : out;
  }
}
