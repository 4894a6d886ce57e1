import type { QuotaLimits } from './quota-counts';
import { PresignEnv } from '../../shared/presign-environment';
import { MAX_QUOTA_WINDOW_SECONDS } from '../../shared/quota-limits';

const QUOTA_NUMBERS = ['requestsPerCaller', 'requestWindowSeconds', 'uploadsPerCaller', 'bytesPerCaller', 'usageWindowSeconds', 'bytesPerDay'] as const;

/**
 * Reads `UPLOAD_QUOTA_LIMITS` (`json`) for the table `table`. The construct
 * always writes valid limits; this guards against hand-edited functions.
 * Throws one Error naming every problem.
 */
export function readQuotaLimits(table: string, json: string, maxBytes: number): QuotaLimits {
  const problems: string[] = [];
  const limits = parseQuotaLimits(table, json, maxBytes, problems);
  if (limits === undefined) throw new Error(`Presign function misconfigured: ${problems.join('; ')}.`);
  return limits;
}

function parseQuotaLimits(table: string, json: string, maxBytes: number, problems: string[]): QuotaLimits | undefined {
  const name = PresignEnv.QUOTA_LIMITS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // Refused below, like any other non-object.
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${name} is not a JSON object, but quotas are on (${PresignEnv.QUOTA_TABLE}="${table}")`);
    return undefined;
  }
  const limits = parsed as Record<string, unknown>;
  const before = problems.length;
  for (const field of Object.keys(limits)) {
    if (!(QUOTA_NUMBERS as readonly string[]).includes(field) && field !== 'failOpen') problems.push(`${name} has an unknown field "${field}"`);
  }
  for (const field of QUOTA_NUMBERS) {
    const value = limits[field];
    const max = field.endsWith('WindowSeconds') ? MAX_QUOTA_WINDOW_SECONDS : Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
      problems.push(`${name} field "${field}" is ${JSON.stringify(value)}, not a whole number in 1..${max}`);
    }
  }
  if (typeof limits.failOpen !== 'boolean') problems.push(`${name} field "failOpen" is ${JSON.stringify(limits.failOpen)}, not true or false`);
  for (const field of ['bytesPerCaller', 'bytesPerDay'] as const) {
    const value = limits[field];
    if (typeof value === 'number' && value < maxBytes) {
      problems.push(`${name} field "${field}" is ${value}, less than one upload of ${PresignEnv.MAX_BYTES}="${maxBytes}"`);
    }
  }
  if (problems.length > before) return undefined;
  return { table, ...(limits as Omit<QuotaLimits, 'table'>) };
}
