/*
 * The presign endpoint's contract: the JSON bodies a client sends to
 * `POST {presignEndpointUrl}` and the JSON it gets back. The handler parses
 * into its own types (src/handler/request/upload-request.ts), which a type
 * test holds to these; the browser client (client/) sends and reads exactly
 * these. Types only: nothing here runs.
 */

/** What every new upload declares: the file's base name, media type and exact size in bytes. */
export interface FileDeclarationBody {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** A new upload as one presigned PUT, with the file's CRC64NVME (base64). */
export interface PutObjectBody extends FileDeclarationBody {
  readonly method: 'PUT';
  readonly checksum: string;
}

/** The start of a multipart upload (files above the construct's threshold). */
export interface CreateMultipartUploadBody extends FileDeclarationBody {
  readonly method: 'POST';
}

/** What every step of a multipart upload names: the key the endpoint issued and S3's upload id. */
export interface UploadReferenceBody {
  readonly key: string;
  readonly uploadId: string;
}

/** URLs for part `partNumber` and the next ones, one per checksum (at most 500 a call). */
export interface UploadPartBody extends UploadReferenceBody {
  readonly method: 'PUT';
  /** The file's size, as declared at the start. */
  readonly size: number;
  readonly partNumber: number;
  /** The CRC64NVME (base64) of part `partNumber` and of each next part a URL is asked for. */
  readonly partChecksums: readonly string[];
}

/** ListParts, to resume. */
export interface ListPartsBody extends UploadReferenceBody {
  readonly method: 'GET';
  readonly size?: number;
}

/** The completion, with the whole file's CRC64NVME (base64). */
export interface CompleteMultipartUploadBody extends UploadReferenceBody {
  readonly method: 'POST';
  readonly size: number;
  readonly checksum: string;
}

/** The abort, which drops the parts. */
export interface AbortMultipartUploadBody extends UploadReferenceBody {
  readonly method: 'DELETE';
  readonly size?: number;
}

/** Any presign call's body. */
export type PresignRequestBody =
  | PutObjectBody
  | CreateMultipartUploadBody
  | UploadPartBody
  | ListPartsBody
  | CompleteMultipartUploadBody
  | AbortMultipartUploadBody;

/** A presigned UploadPart: PUT exactly `size` bytes as part `partNumber`. */
export interface PresignedPartUrl {
  readonly partNumber: number;
  readonly url: string;
  /** Headers to send with the part as they are: its signed checksum. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact length this part must have (signed as its Content-Length). */
  readonly size: number;
}

/**
 * The answer to a presign call (200), in the shape Uppy 6's `signRequest`
 * returns (`url`, `headers`, `key`): what `fetch(url, { method, headers })`
 * needs. Every header in `headers` is signed and must be sent as it is; where
 * a body's length is signed, the browser sets `Content-Length` itself.
 */
export interface PresignAnswer {
  readonly method: 'PUT' | 'POST' | 'GET' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The key the server chose (new uploads), or the key the step is for. */
  readonly key: string;
  /** When the URLs stop working, by the server's clock (ISO 8601). */
  readonly expiresAt: string;
  /**
   * How many seconds the URLs work from when the server signed them. A client
   * judges freshness from this and its own monotonic clock, which needs no
   * agreement between its wall clock and the server's.
   */
  readonly expiresIn: number;
  /** The exact number of bytes of the file (new uploads, part and completion steps). */
  readonly size?: number;
  /** Length of every part but the last (the start of a multipart upload). */
  readonly partSize?: number;
  /** Number of parts the file has (the start of a multipart upload). */
  readonly partCount?: number;
  /** One URL per part, from `partNumber` on (uploadPart); `url` is the first one's. */
  readonly parts?: readonly PresignedPartUrl[];
}

/**
 * Any other answer (4xx, or 503): a stable code (docs/errors.md) and a
 * message for people; with 429 and 503, a `Retry-After` header.
 */
export interface PresignRefusal {
  readonly code: string;
  readonly message: string;
}
