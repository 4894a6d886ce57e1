import { Token, type Duration, type Size } from 'aws-cdk-lib';
import { spellProp } from './prop-spelling';
import { describeBytes } from '../shared/human-units';
import { MAX_QUOTA_WINDOW_SECONDS, type QuotaLimitSettings } from '../shared/quota-limits';
import { UploadQuotas } from '../upload-quotas';

/**
 * Validates `quotas` against `maxBytes` and applies the defaults; undefined
 * when quotas are off. Every problem goes to `problems`, naming the option,
 * the bad value and the fix.
 */
export function resolveQuotas(quotas: UploadQuotas | undefined, maxBytes: number, problems: string[]): QuotaLimitSettings | undefined {
  if (quotas === undefined || !quotas.isEnabled || quotas.options === undefined) return undefined;
  const options = quotas.options;
  const count = (name: string, value: number): number => {
    if (!Token.isUnresolved(value) && !(Number.isSafeInteger(value) && value >= 1)) {
      problems.push(`${spellProp('quotas')} ${spellProp(name)} is ${value}: use a whole number of at least 1`);
    }
    return value;
  };
  const seconds = (name: string, value: Duration): number => {
    if (value.isUnresolved()) return value.toSeconds();
    const total = value.toSeconds({ integral: false });
    if (!Number.isInteger(total) || total < 1 || total > MAX_QUOTA_WINDOW_SECONDS) {
      problems.push(`${spellProp('quotas')} ${spellProp(name)} is ${value.toHumanString()}: use whole seconds from Duration.seconds(1) to Duration.days(31)`);
    }
    return total;
  };
  const bytes = (name: string, value: Size): number => {
    if (value.isUnresolved()) return value.toBytes();
    let total: number;
    try {
      total = value.toBytes();
    } catch {
      total = Number.NaN;
    }
    if (!Number.isSafeInteger(total)) {
      problems.push(`${spellProp('quotas')} ${spellProp(name)} is not a whole number of bytes: use e.g. Size.gibibytes(500)`);
      return maxBytes;
    }
    if (!Token.isUnresolved(maxBytes) && total < maxBytes) {
      problems.push(`${spellProp('quotas')} ${spellProp(name)} is ${describeBytes(total)}, less than ${spellProp('maxUploadSize')} (${describeBytes(maxBytes)}), so a file of the `
        + `largest size could never be uploaded: raise ${spellProp(name)} to at least Size.bytes(${maxBytes}), or lower ${spellProp('maxUploadSize')}`);
    }
    return total;
  };
  return {
    requestsPerCaller: count('requestsPerCaller', options.requestsPerCaller ?? UploadQuotas.DEFAULT_REQUESTS_PER_CALLER),
    requestWindowSeconds: seconds('requestWindow', options.requestWindow ?? UploadQuotas.DEFAULT_REQUEST_WINDOW),
    uploadsPerCaller: count('uploadsPerCaller', options.uploadsPerCaller ?? UploadQuotas.DEFAULT_UPLOADS_PER_CALLER),
    bytesPerCaller: options.bytesPerCaller === undefined
      ? defaultBytesPerCaller(maxBytes)
      : bytes('bytesPerCaller', options.bytesPerCaller),
    usageWindowSeconds: seconds('usageWindow', options.usageWindow ?? UploadQuotas.DEFAULT_USAGE_WINDOW),
    bytesPerDay: bytes('bytesPerDay', options.bytesPerDay),
    failOpen: options.failOpen ?? false,
  };
}

/**
 * 100 uploads of the largest size (at most 100 of S3's largest objects, well
 * within JavaScript's exact integers); with a token for `maxUploadSize`, 2^53 - 1.
 */
function defaultBytesPerCaller(maxBytes: number): number {
  if (Token.isUnresolved(maxBytes)) return Number.MAX_SAFE_INTEGER;
  return maxBytes * UploadQuotas.DEFAULT_MAX_SIZE_UPLOADS_PER_CALLER;
}
