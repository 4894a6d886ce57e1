import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, Size } from 'aws-cdk-lib';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { MultipartUpload, PresignedUploadBucket, UploadQuotas } from '../src';
import { BUCKET_DEFAULTS } from '../src/private/defaults';

/**
 * Every default is a named static, and docs/props.md states each as its
 * static and its value: the docs name the static that the validation
 * applies, and the value in brackets is that static's.
 */

const PROPS_DOC = fs.readFileSync(path.join(__dirname, '..', 'docs', 'props.md'), 'utf8');

/** The name a user writes for `value`: a static of its class, or the enum member. */
function nameOf(value: unknown, owner: Record<string, unknown>, ownerName: string): string {
  const key = Object.keys(owner).find((k) => owner[k] === value);
  if (key === undefined) throw new Error(`no ${ownerName} member is ${String(value)}`);
  return `${ownerName}.${key}`;
}

/** How docs/props.md writes a default's value in brackets. */
function described(name: string, value: unknown): string {
  // The throttle's two limits are plain numbers; the only other number is an enum member.
  if (name.startsWith('DEFAULT_THROTTLE_')) return String(value);
  if (value instanceof Size) return `${value.toMebibytes()} MiB`;
  if (value instanceof Duration) return value.toHumanString();
  if (value instanceof Runtime) return nameOf(value, Runtime as unknown as Record<string, unknown>, 'Runtime');
  // A numeric enum: RetentionDays[365] is 'ONE_YEAR'.
  if (typeof value === 'number') return `RetentionDays.${RetentionDays[value]}`;
  if (typeof value === 'string' && Object.values(PriceClass).includes(value as PriceClass)) {
    return nameOf(value, PriceClass as unknown as Record<string, unknown>, 'PriceClass');
  }
  if (typeof value === 'string') return `'${value}'`;
  throw new Error(`no way to describe ${JSON.stringify(value)}`);
}

const BUCKET_STATICS = Object.keys(PresignedUploadBucket).filter((k) => k.startsWith('DEFAULT_'));

test('each of PresignedUploadBucket\'s defaults is a static, held by docs/props.md to its value', () => {
  expect(BUCKET_STATICS).toHaveLength(Object.keys(BUCKET_DEFAULTS).length);
  for (const name of BUCKET_STATICS) {
    const value = (PresignedUploadBucket as unknown as Record<string, unknown>)[name];
    expect(Object.values(BUCKET_DEFAULTS)).toContain(value);
    expect(PROPS_DOC).toContain(`\`${name}\` (${described(name, value)})`);
  }
});

test('the values, as the docs and the API reference state them', () => {
  expect(BUCKET_STATICS.map((name) => `${name}: ${described(name, (PresignedUploadBucket as unknown as Record<string, unknown>)[name])}`)).toEqual([
    'DEFAULT_MAX_UPLOAD_SIZE: 100 MiB',
    'DEFAULT_PRESIGN_EXPIRY: 15 minutes',
    'DEFAULT_UPLOAD_PREFIX: \'uploads/\'',
    'DEFAULT_CORS_MAX_AGE: 1 hour',
    'DEFAULT_THROTTLE_RATE_LIMIT: 50',
    'DEFAULT_THROTTLE_BURST_LIMIT: 100',
    'DEFAULT_PRESIGN_RUNTIME: Runtime.NODEJS_22_X',
    'DEFAULT_LOG_RETENTION: RetentionDays.ONE_YEAR',
    'DEFAULT_PRICE_CLASS: PriceClass.PRICE_CLASS_100',
  ]);
  expect([MultipartUpload.DEFAULT_THRESHOLD.toMebibytes(), MultipartUpload.DEFAULT_PART_SIZE.toMebibytes()]).toEqual([100, 64]);
  expect([UploadQuotas.DEFAULT_REQUESTS_PER_CALLER, UploadQuotas.DEFAULT_UPLOADS_PER_CALLER, UploadQuotas.DEFAULT_MAX_SIZE_UPLOADS_PER_CALLER,
    UploadQuotas.DEFAULT_REQUEST_WINDOW.toSeconds(), UploadQuotas.DEFAULT_USAGE_WINDOW.toSeconds()]).toEqual([600, 1000, 100, 60, 86_400]);
});

test('each prop\'s @default in the API reference names its static', () => {
  const source = fs.readFileSync(path.join(__dirname, '..', 'src', 'presigned-upload-bucket-props.ts'), 'utf8');
  const defaults = source.split('\n').filter((line) => line.includes('@default ')).join('\n');
  for (const name of BUCKET_STATICS) {
    expect(defaults).toContain(`PresignedUploadBucket.${name} (`);
  }
});

test('every static crosses jsii: a primitive, an enum or a class instance, never a plain object', () => {
  // jsii hands an object to Java, Python, Go and C# by reference, tagging it
  // with a hidden property: a frozen literal cannot be tagged, and Java, which
  // reads every static when it loads the class, then fails to load it.
  const statics = [PresignedUploadBucket, MultipartUpload, UploadQuotas].flatMap((owner) =>
    Object.keys(owner).filter((k) => k.startsWith('DEFAULT_')).map((k) => [k, (owner as unknown as Record<string, unknown>)[k]] as const));
  expect(statics).toHaveLength(16);
  for (const [name, value] of statics) {
    const plain = typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
    expect({ name, plain }).toEqual({ name, plain: false });
  }
});
