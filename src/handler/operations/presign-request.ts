import { identifyCaller } from '../caller/caller';
import type { PresignConfig } from '../presign-config';
import { checkAbort, checkCompletion, checkListParts, checkParts } from './presign-multipart';
import { checkCreateMultipartUpload, checkPutObject } from './presign-new-upload';
import type { CheckedRequest, PresignedRequest } from './presigned-request';
import type { UploadRequest } from '../request/upload-request';
import { ObjectRequestSigner, type PresignContext } from '../sigv4/object-request-signer';
import type { SigningKeyCache } from '../sigv4/sigv4';

/**
 * Validates a parsed request against the configuration, one function per
 * operation, and says what it adds to the quotas and how to sign it. Throws
 * RequestError when the request is not acceptable. Pure: it touches no
 * network and signs nothing.
 */
export function checkRequest(request: UploadRequest, config: PresignConfig, context: Pick<PresignContext, 'id' | 'caller'>): CheckedRequest {
  const caller = identifyCaller(context.caller, config.keyByCaller);
  switch (request.operation) {
    case 'putObject':
      return checkPutObject(request, config, context.id, caller);
    case 'createMultipartUpload':
      return checkCreateMultipartUpload(request, config, context.id, caller);
    case 'uploadPart':
      return checkParts(request, config, caller?.segment);
    case 'listParts':
      return checkListParts(request, config, caller?.segment);
    case 'completeMultipartUpload':
      return checkCompletion(request, config, caller?.segment);
    case 'abortMultipartUpload':
      return checkAbort(request, config, caller?.segment);
  }
}

/** Checks a request (`checkRequest`) and signs it, with no quota in between. Pure. */
export function presignRequest(request: UploadRequest, config: PresignConfig, context: PresignContext,
  signingKeys: SigningKeyCache): PresignedRequest {
  return checkRequest(request, config, context).sign(new ObjectRequestSigner(config, context, signingKeys));
}
