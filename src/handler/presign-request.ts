import { identifyCaller } from './caller';
import { ObjectRequestSigner, type PresignContext } from './object-request-signer';
import type { PresignConfig } from './presign-config';
import { presignAbort, presignCompletion, presignListParts, presignParts } from './presign-multipart';
import { presignCreateMultipartUpload, presignPutObject } from './presign-new-upload';
import type { PresignedRequest } from './presigned-request';
import type { SigningKeyCache } from './sigv4';
import type { UploadRequest } from './upload-request';

/**
 * Validates a parsed request against the configuration and presigns it, one
 * function per operation. Throws RequestError before anything is signed when
 * the request is not acceptable. Pure: it touches no network.
 */
export function presignRequest(request: UploadRequest, config: PresignConfig, context: PresignContext,
  signingKeys: SigningKeyCache): PresignedRequest {
  const caller = identifyCaller(context.caller, config.keyByCaller);
  const signer = new ObjectRequestSigner(config, context, signingKeys);
  switch (request.operation) {
    case 'putObject':
      return presignPutObject(request, config, context.id, caller, signer);
    case 'createMultipartUpload':
      return presignCreateMultipartUpload(request, config, context.id, caller, signer);
    case 'uploadPart':
      return presignParts(request, config, caller?.segment, signer);
    case 'listParts':
      return presignListParts(request, config, caller?.segment, signer);
    case 'completeMultipartUpload':
      return presignCompletion(request, config, caller?.segment, signer);
    case 'abortMultipartUpload':
      return presignAbort(request, config, caller?.segment, signer);
  }
}
