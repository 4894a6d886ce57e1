import type { CheckedRequest, PresignAnswer } from './presign-answer';
import { checkAbort, checkCompletion, checkListParts, checkParts } from './presign-multipart';
import { checkCreateMultipartUpload, checkPutObject } from './presign-new-upload';
import type { UploadRules } from './upload-rules';
import { identifyCaller, type Caller, type CallerIdentity, type CallerSettings } from '../caller/caller';
import type { UploadRequest } from '../request/upload-request';
import { ObjectRequestSigner, type ObjectSigningSettings, type SigningContext } from '../sigv4/object-request-signer';
import type { SigningKeyCache } from '../sigv4/sigv4';

/** What varies per call besides the request, passed in so the functions stay pure. */
export interface CallContext {
  /** The randomness of a new key's id (`makeKeyId`): a version 4 UUID, normally `crypto.randomUUID()`. */
  readonly id: string;
  /** Who is asking (`identifyCaller`), where keys are per caller. */
  readonly caller?: CallerIdentity;
}

/**
 * Validates a parsed request against the configuration, one function per
 * operation, and says what it adds to the quotas and how to sign it. Throws
 * RequestError when the request is not acceptable. Pure: it touches no
 * network and signs nothing.
 */
export function checkRequest(request: UploadRequest, rules: UploadRules, context: CallContext): CheckedRequest {
  const caller = context.caller;
  switch (request.operation) {
    case 'putObject':
      return checkPutObject(request, rules, context.id, caller);
    case 'createMultipartUpload':
      return checkCreateMultipartUpload(request, rules, context.id, caller);
    case 'uploadPart':
      return checkParts(request, rules, caller?.segment);
    case 'listParts':
      return checkListParts(request, rules, caller?.segment);
    case 'completeMultipartUpload':
      return checkCompletion(request, rules, caller?.segment);
    case 'abortMultipartUpload':
      return checkAbort(request, rules, caller?.segment);
  }
}

/** A call as the tests make it: the key id's randomness, the caller as the authorizer names it, when and with what it is signed. */
export interface PresignContext extends SigningContext {
  readonly id: string;
  readonly caller?: Caller;
}

/** Identifies the caller, checks the request (`checkRequest`) and signs it, with no quota in between. Pure. */
export function presignRequest(request: UploadRequest, config: UploadRules & CallerSettings & ObjectSigningSettings, context: PresignContext,
  signingKeys: SigningKeyCache): PresignAnswer {
  const checked = checkRequest(request, config, { id: context.id, caller: identifyCaller(context.caller, config) });
  return checked.sign(new ObjectRequestSigner(config, context, signingKeys));
}
