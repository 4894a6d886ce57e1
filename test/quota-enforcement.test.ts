import * as fs from 'node:fs';
import { Size } from 'aws-cdk-lib';
import { DelayingRelay, DynamoDbServer, type DynamoDbServerKind, LOCAL_DYNAMODB_CREDENTIALS } from './dynamodb-server';
import { LambdaProcess } from './e2e/lambda-process';
import { LOCAL_CALLER_KEY, readSynthesizedUploadStack } from './e2e/synthesized-upload-stack';
import { makeStack } from './util';
import { PresignAuth, UploadQuotas, type UploadQuotasOptions } from '../src';
import { callerSegment } from '../src/handler/caller/caller';
import { makeKeyId } from '../src/handler/operations/key-id';
import { PRESIGN_API_BUNDLE } from '../src/private/handler-bundle';

/**
 * The shipped bundle, with the environment of a synthesized stack, in
 * several processes (as Lambda runs several instances), counting quotas in
 * a DynamoDB-compatible server on 127.0.0.1: dynalite in `npx projen test`,
 * moto in `npx projen test:quotas` (QUOTA_TEST_SERVER=moto).
 */
const SERVER_KIND = (process.env.QUOTA_TEST_SERVER ?? 'dynalite') as DynamoDbServerKind;
// moto answers about 125 UpdateItems a second here, one at a time, so 50
// concurrent new uploads (about 200 UpdateItems) would outlast the one-second
// bound and be refused with the documented 503; it gets 20 calls against 4.
const CONCURRENT = SERVER_KIND === 'moto' ? 20 : 50;
const LIMIT = SERVER_KIND === 'moto' ? 4 : 10;
const MiB = 2 ** 20;
const DAY_MS = 86_400_000;
const JWT_AUTH = PresignAuth.jwt({ issuer: 'https://issuer.example.com', audience: ['web'] });

let server: DynamoDbServer;
const running: LambdaProcess[] = [];
let tables = 0;

beforeAll(async () => {
  if (!fs.existsSync(PRESIGN_API_BUNDLE)) throw new Error(`${PRESIGN_API_BUNDLE} is missing: run "npx projen bundle" first`);
  server = await DynamoDbServer.start(SERVER_KIND);
});
afterAll(async () => {
  for (const fn of running) fn.stop();
  await server.stop();
});

interface Endpoint {
  readonly table: string;
  readonly functions: LambdaProcess[];
  /** Sends one presign call to the next function instance, from a JWT `sub` or an IAM authorizer's context (`iam`). */
  call(body: unknown, caller?: { sub?: string; iam?: unknown; sourceIp?: string }): Promise<Answer>;
  /** Moves every instance's clock to `epochMs`. */
  setClock(epochMs: number): Promise<void>;
}

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: any;
}

/**
 * Synthesizes a stack with `quotas`, creates its table, and starts
 * `instances` processes of the bundle with the template's environment; their
 * clocks start 1 s into a fresh UTC day, so no window ends during a test.
 */
interface EndpointOptions {
  readonly auth?: PresignAuth;
  readonly instances?: number;
  readonly dynamoDb?: string;
  readonly maxUploadSize?: Size;
}

async function startEndpoint(quotas: UploadQuotasOptions, options: EndpointOptions = {}): Promise<Endpoint> {
  const table = `quota-counters-${++tables}`;
  await server.createQuotaTable(table);
  const { template } = makeStack({
    auth: options.auth ?? JWT_AUTH,
    maxUploadSize: options.maxUploadSize ?? Size.gibibytes(1),
    quotas: UploadQuotas.enabled(quotas),
  });
  const stack = readSynthesizedUploadStack(template(), 'uploads-bucket', table);
  const functions = await Promise.all(Array.from({ length: options.instances ?? 4 }, () => LambdaProcess.start(PRESIGN_API_BUNDLE, {
    ...stack.functionEnvironment,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: LOCAL_DYNAMODB_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_DYNAMODB_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDb ?? server.endpoint,
  })));
  running.push(...functions);
  let next = 0;
  const endpoint: Endpoint = {
    table,
    functions,
    async call(body, caller = { sub: 'alice' }) {
      const fn = functions[next++ % functions.length];
      const result = await fn.invoke({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        requestContext: {
          http: { method: 'POST', sourceIp: caller.sourceIp ?? '198.51.100.7' },
          authorizer: caller.iam !== undefined ? { iam: caller.iam }
            : caller.sub === undefined ? undefined : { jwt: { claims: { sub: caller.sub } } },
        },
      });
      return { statusCode: result.statusCode, headers: result.headers, body: JSON.parse(result.body) };
    },
    async setClock(epochMs) {
      await Promise.all(functions.map((fn) => fn.setClockOffset(epochMs - Date.now())));
    },
  };
  await endpoint.setClock(dayStart(1) + 1000);
  return endpoint;
}

/** The start of the UTC day `days` after today's. */
function dayStart(days: number): number {
  return (Math.floor(Date.now() / DAY_MS) + days) * DAY_MS;
}

/** A well-formed CRC64NVME (the handler checks its form; S3 would check it against the bytes). */
const CHECKSUM = 'q6RMRSIZNf4=';
const newUpload = (size = 100 * MiB, filename = 'clip.mp4') => ({ filename, contentType: 'video/mp4', size, checksum: CHECKSUM });
const partUrls = (sub: string) => ({
  method: 'PUT',
  key: `uploads/${callerSegment(sub, Buffer.from(LOCAL_CALLER_KEY))}/${makeKeyId('0b5a1f0c-5c1e-4d4e-9c3a-5e7d0f4b2a11', 200 * MiB, Buffer.from(LOCAL_CALLER_KEY))}/clip.mp4`,
  uploadId: 'upload-1',
  partNumber: 1,
  partChecksums: [CHECKSUM, CHECKSUM],
  size: 200 * MiB,
});

/** Signed answers carry a URL; refusals never do. */
function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const outcome = answer.statusCode === 200 ? 'signed' : `${answer.statusCode} ${answer.body.code}`;
    if (answer.statusCode !== 200) expect(JSON.stringify(answer.body)).not.toContain('X-Amz-Signature');
    else expect(answer.body.url).toContain('X-Amz-Signature=');
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

const all = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

describe(`at a limit of ${LIMIT}, exactly ${LIMIT} of ${CONCURRENT} concurrent calls from one caller are signed`, () => {
  test('uploads per caller', async () => {
    const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1), uploadsPerCaller: LIMIT });
    const answers = await all(CONCURRENT, () => endpoint.call(newUpload(1)));
    expect(tally(answers)).toEqual({ 'signed': LIMIT, '429 UPLOAD_QUOTA_EXCEEDED': CONCURRENT - LIMIT });
  });

  test('bytes per caller', async () => {
    const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1), bytesPerCaller: Size.mebibytes(LIMIT * 100) },
      { maxUploadSize: Size.mebibytes(100) });
    const answers = await all(CONCURRENT, () => endpoint.call(newUpload(100 * MiB)));
    expect(tally(answers)).toEqual({ 'signed': LIMIT, '429 BYTE_QUOTA_EXCEEDED': CONCURRENT - LIMIT });
    expect(Object.entries(await server.counters(endpoint.table)).filter(([key]) => key.startsWith('bytes#')).map(([, used]) => used))
      .toEqual([LIMIT * 100 * MiB]);
  });

  test('presign requests per caller, multipart steps included', async () => {
    const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1), requestsPerCaller: LIMIT });
    const answers = await all(CONCURRENT, () => endpoint.call(partUrls('alice')));
    expect(tally(answers)).toEqual({ 'signed': LIMIT, '429 RATE_LIMITED': CONCURRENT - LIMIT });
    expect(answers.find((a) => a.statusCode === 200)!.body.parts).toHaveLength(2);
  });
});

test('two callers don\'t share counters; the endpoint\'s budget counts across callers', async () => {
  const endpoint = await startEndpoint({ bytesPerDay: Size.mebibytes(500), uploadsPerCaller: 3 }, { maxUploadSize: Size.mebibytes(100) });
  expect(tally(await all(6, () => endpoint.call(newUpload(1), { sub: 'alice' })))).toEqual({ 'signed': 3, '429 UPLOAD_QUOTA_EXCEEDED': 3 });
  expect(tally(await all(6, () => endpoint.call(newUpload(1), { sub: 'bob' })))).toEqual({ 'signed': 3, '429 UPLOAD_QUOTA_EXCEEDED': 3 });
  // 6 bytes are used of 500 MiB: four uploads of 100 MiB fit, from ten callers at once.
  const answers = await all(10, (i) => endpoint.call(newUpload(100 * MiB), { sub: `caller-${i}` }));
  expect(tally(answers)).toEqual({ 'signed': 4, '429 DAILY_BUDGET_EXCEEDED': 6 });
  const budgetRefusal = answers.find((a) => a.statusCode === 429)!;
  expect(budgetRefusal.body.message).toMatch(/^An upload of 100 MiB would take this endpoint past the 500 MiB all callers may upload per UTC day; it resets at \d{4}-\d\d-\d\dT00:00:00\.000Z, in about 24 hours\.$/);
  // The refused callers' own counters were given back.
  const counters = await server.counters(endpoint.table);
  const refusedCallers = answers.map((a, i) => (a.statusCode === 429 ? `caller-${i}` : undefined)).filter((c) => c !== undefined);
  for (const caller of refusedCallers) {
    const segment = callerSegment(caller!, Buffer.from(LOCAL_CALLER_KEY));
    expect(Object.entries(counters).filter(([key]) => key.includes(`#${segment}#`)).map(([, used]) => used)).toEqual([0, 0, 0]);
  }
});

test('a refused call consumes nothing: a smaller upload still fits exactly', async () => {
  const endpoint = await startEndpoint(
    { bytesPerDay: Size.tebibytes(1), bytesPerCaller: Size.mebibytes(1000), uploadsPerCaller: 3, requestsPerCaller: 4 },
    { maxUploadSize: Size.mebibytes(1000) });
  expect((await endpoint.call(newUpload(600 * MiB))).statusCode).toBe(200);
  expect((await endpoint.call(newUpload(500 * MiB))).body.code).toBe('BYTE_QUOTA_EXCEEDED');
  expect((await endpoint.call(newUpload(500 * MiB))).body.code).toBe('BYTE_QUOTA_EXCEEDED');
  // Two refusals took no request, upload or byte: 2 requests, 2 uploads and 1000 MiB are the limits.
  expect((await endpoint.call(newUpload(400 * MiB))).statusCode).toBe(200);
  expect(Object.values(await server.counters(endpoint.table)).sort((a, b) => a - b)).toEqual([2, 2, 1000 * MiB, 1000 * MiB]);
});

test('the window rolls over: the clock moved to the next UTC day, not slept', async () => {
  const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1), uploadsPerCaller: 2 });
  await endpoint.setClock(dayStart(1) + DAY_MS - 90_000); // 90 s before the day ends
  expect((await all(2, () => endpoint.call(newUpload(1)))).map((a) => a.statusCode)).toEqual([200, 200]);
  const refused = await endpoint.call(newUpload(1));
  expect([refused.statusCode, refused.body.code]).toEqual([429, 'UPLOAD_QUOTA_EXCEEDED']);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(89);
  expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(91);
  expect(refused.body.message).toMatch(/^This caller has started the 2 uploads allowed per 1 day; it resets at \d{4}-\d\d-\d\dT00:00:00\.000Z, in (89|90|91) seconds\.$/);
  await endpoint.setClock(dayStart(2) + 1000);
  expect((await endpoint.call(newUpload(1))).statusCode).toBe(200);
});

test('PresignAuth.none(): the source IP is the caller, and the table holds no address', async () => {
  const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1), uploadsPerCaller: 1 }, { auth: PresignAuth.none() });
  const from = (sourceIp: string) => endpoint.call(newUpload(1), { sourceIp });
  expect([(await from('203.0.113.1')).statusCode, (await from('203.0.113.1')).statusCode, (await from('203.0.113.2')).statusCode]).toEqual([200, 429, 200]);
  expect(JSON.stringify(await server.counters(endpoint.table))).not.toMatch(/203\.0\.113/);
});

describe('bytesPerDay is a hard cap: one upload has one size, from the start to the completion', () => {
  // The repro of a caller who declares one byte over the threshold at the start, then asks the parts and
  // the completion for the largest size: every step that names another size is refused, so the day's
  // counter holds every byte that can be stored.
  const threshold = 100 * MiB;
  const declared = threshold + 1; // 104,857,601 bytes: multipart, and counted as such
  const claimed = 1024 * MiB; // maxUploadSize

  test('ten starts of 100 MiB + 1 byte, then parts and completions asked for 1 GiB: every step refused, 10 x 104,857,601 bytes counted', async () => {
    const quotas = { bytesPerDay: Size.gibibytes(1), uploadsPerCaller: 100, bytesPerCaller: Size.gibibytes(2) };
    const endpoint = await startEndpoint(quotas, { instances: 2 });
    let signedBytes = 0;
    for (let i = 0; i < 10; i++) {
      const start = await endpoint.call({ method: 'POST', filename: `clip-${i}.mp4`, contentType: 'video/mp4', size: declared });
      expect([start.statusCode, start.body.size]).toEqual([200, declared]);
      const { key } = start.body;
      const uploadId = `upload-${i}`;
      const parts = await endpoint.call({ method: 'PUT', key, uploadId, partNumber: 1, partChecksums: Array(16).fill(CHECKSUM), size: claimed });
      const completion = await endpoint.call({ method: 'POST', key, uploadId, size: claimed, checksum: CHECKSUM });
      for (const refused of [parts, completion]) {
        expect([refused.statusCode, refused.body.code]).toEqual([400, 'SIZE_MISMATCH']);
        expect(tally([refused])).toEqual({ '400 SIZE_MISMATCH': 1 });
      }
      // The size the start declared is signed, step by step.
      const honest = await endpoint.call({ method: 'POST', key, uploadId, size: declared, checksum: CHECKSUM });
      expect([honest.statusCode, honest.body.headers['x-amz-mp-object-size']]).toEqual([200, String(declared)]);
      signedBytes += Number(honest.body.headers['x-amz-mp-object-size']);
    }
    const counters = await server.counters(endpoint.table);
    const day = Object.entries(counters).filter(([key]) => key.startsWith('bytesPerDay#')).map(([, used]) => used);
    expect(day).toEqual([1_048_576_010]);
    expect(signedBytes).toBe(1_048_576_010);
    // An eleventh start would pass 1 GiB: refused before anything is signed.
    const eleventh = await endpoint.call({ method: 'POST', filename: 'clip-10.mp4', contentType: 'video/mp4', size: declared });
    expect([eleventh.statusCode, eleventh.body.code]).toEqual([429, 'DAILY_BUDGET_EXCEEDED']);
  });
});

describe('guest identities of a Cognito identity pool don\'t multiply the per-caller quotas', () => {
  const guest = (n: number) => ({
    userArn: 'arn:aws:sts::111122223333:assumed-role/GuestRole/CognitoIdentityCredentials',
    userId: 'AROA3XFRBF535EXAMPLE:CognitoIdentityCredentials',
    cognitoIdentity: { amr: ['unauthenticated'], identityId: `eu-west-1:0b1c2d3e-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`, identityPoolId: 'eu-west-1:pool' },
  });
  const signedIn = (n: number) => ({
    ...guest(n),
    cognitoIdentity: { ...guest(n).cognitoIdentity, amr: ['authenticated', 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf'] },
  });

  test('8 fresh guest identities from one address get the 2 uploads one caller gets; other addresses and signed-in users are not held back', async () => {
    const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1), uploadsPerCaller: 2 }, { auth: PresignAuth.iam() });
    const answers: Answer[] = [];
    for (let i = 0; i < 8; i++) answers.push(await endpoint.call(newUpload(1), { iam: guest(i), sourceIp: '203.0.113.9' }));
    expect(tally(answers)).toEqual({ 'signed': 2, '429 UPLOAD_QUOTA_EXCEEDED': 6 });
    expect(answers[7].body.message).toMatch(/^Guest identities from this IP address have started the 2 uploads allowed per 1 day; it resets at /);
    expect((await endpoint.call(newUpload(1), { iam: guest(100), sourceIp: '203.0.113.10' })).statusCode).toBe(200);
    // Signed-in identities are callers of their own, from any address.
    const users = await all(3, (i) => endpoint.call(newUpload(1), { iam: signedIn(200 + i), sourceIp: '203.0.113.9' }));
    expect(tally(users)).toEqual({ signed: 3 });
    expect(JSON.stringify(await server.counters(endpoint.table))).not.toMatch(/203\.0\.113/);
  });
});

describe('when the table can\'t answer: 503, nothing signed, within a second', () => {
  test('the server stopped mid-run', async () => {
    const own = await DynamoDbServer.start(SERVER_KIND);
    try {
      const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1) }, { dynamoDb: own.endpoint, instances: 1 });
      await own.createQuotaTable(endpoint.table);
      expect((await endpoint.call(newUpload(1))).statusCode).toBe(200);
      await own.stop();
      const started = Date.now();
      const answer = await endpoint.call(newUpload(1));
      expect(Date.now() - started).toBeLessThan(1000);
      expect([answer.statusCode, answer.body.code, answer.headers['retry-after']]).toEqual([503, 'QUOTA_UNAVAILABLE', '1']);
      expect(tally([answer])).toEqual({ '503 QUOTA_UNAVAILABLE': 1 });
      // The cause is logged; which errno a closed port gives (ECONNREFUSED, or ECONNRESET on a reused socket) is the platform's.
      expect(await endpoint.functions[0].log()).toMatch(/QUOTA_UNAVAILABLE: .*Error/);
    } finally {
      await own.stop().catch(() => undefined);
    }
  });

  test('answers delayed past the bound', async () => {
    const relay = await DelayingRelay.start(server.endpoint, 3000);
    try {
      const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1) }, { dynamoDb: relay.endpoint, instances: 1 });
      const started = Date.now();
      const answers = await all(3, () => endpoint.call(newUpload(1)));
      const elapsed = Date.now() - started;
      expect(tally(answers)).toEqual({ '503 QUOTA_UNAVAILABLE': 3 });
      expect(elapsed).toBeGreaterThanOrEqual(750);
      expect(elapsed).toBeLessThan(1500);
      expect(await endpoint.functions[0].log()).toMatch(/QUOTA_UNAVAILABLE: .*(TimeoutError|aborted)/);
    } finally {
      await relay.stop();
    }
  });

  test('failOpen: signed anyway, uncounted, and counted as failed open', async () => {
    const relay = await DelayingRelay.start(server.endpoint, 3000);
    try {
      const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1), failOpen: true }, { dynamoDb: relay.endpoint, instances: 1 });
      const answer = await endpoint.call(newUpload(1));
      expect(tally([answer])).toEqual({ signed: 1 });
      expect(metricsOf(await endpoint.functions[0].log())).toEqual([{ Code: 'QUOTA_UNAVAILABLE_FAILED_OPEN', Refusals: 1 }]);
    } finally {
      await relay.stop();
    }
  });
});

/** The embedded-metric-format lines of a log: code and count. */
function metricsOf(log: string): Array<{ Code: string; Refusals: number }> {
  return log.split('\n').filter((line) => line.startsWith('{"_aws"')).map((line) => {
    const metric = JSON.parse(line);
    expect(metric._aws.CloudWatchMetrics).toEqual([{
      Namespace: 'PresignedUploadBucket', Dimensions: [['FunctionName', 'Code']], Metrics: [{ Name: 'Refusals', Unit: 'Count' }],
    }]);
    return { Code: metric.Code, Refusals: metric.Refusals };
  });
}

test('every refusal is counted by code in the log, in CloudWatch\'s embedded metric format', async () => {
  const endpoint = await startEndpoint({ bytesPerDay: Size.tebibytes(1), requestsPerCaller: 1 }, { instances: 1 });
  await endpoint.call(newUpload(1));
  await endpoint.call(newUpload(1));
  await endpoint.call({ filename: 'a.exe', contentType: 'text/html', size: 1, checksum: CHECKSUM });
  expect(metricsOf(await endpoint.functions[0].log())).toEqual([{ Code: 'RATE_LIMITED', Refusals: 1 }, { Code: 'CONTENT_TYPE_NOT_ALLOWED', Refusals: 1 }]);
});
