import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDbClient, DynamoDbError, dynamoDbEndpoint } from './dynamodb-client';
import { DynamoDbQuotaCounters } from './dynamodb-quota-counters';
import type { QuotaCount } from './quota-counts';
import { DelayingRelay, DynamoDbServer, LOCAL_DYNAMODB_CREDENTIALS } from '../../../test/dynamodb-server';
import { SigningKeyCache } from '../sigv4/sigv4';

const TABLE = 'quota-counters';
let server: DynamoDbServer;

beforeAll(async () => {
  server = await DynamoDbServer.start();
  await server.createQuotaTable(TABLE);
});
afterAll(() => server.stop());

const countersAt = (endpoint: string, table = TABLE) => new DynamoDbQuotaCounters(
  new DynamoDbClient(dynamoDbEndpoint('eu-west-1', 'amazonaws.com', endpoint), 'eu-west-1', new SigningKeyCache()),
  table,
  () => LOCAL_DYNAMODB_CREDENTIALS,
);
const count = (key: string, amount: number, limit: number): QuotaCount => ({ kind: 'bytes', whose: 'caller', key, amount, limit, resetsAt: 1_800_000_000 });
const soon = () => AbortSignal.timeout(2000);

describe('dynamoDbEndpoint', () => {
  test('the region\'s endpoint in the partition\'s DNS suffix', () => {
    expect(dynamoDbEndpoint('cn-north-1', 'amazonaws.com.cn')).toEqual({ protocol: 'https:', hostname: 'dynamodb.cn-north-1.amazonaws.com.cn', host: 'dynamodb.cn-north-1.amazonaws.com.cn' });
  });

  test('AWS_ENDPOINT_URL_DYNAMODB, with its port in the Host header', () => {
    expect(dynamoDbEndpoint('eu-west-1', 'amazonaws.com', 'http://127.0.0.1:8000')).toEqual({ protocol: 'http:', hostname: '127.0.0.1', port: 8000, host: '127.0.0.1:8000' });
    expect(dynamoDbEndpoint('eu-west-1', 'amazonaws.com', 'https://ddb.example')).toEqual({ protocol: 'https:', hostname: 'ddb.example', host: 'ddb.example' });
  });
});

describe('DynamoDbQuotaCounters against dynalite', () => {
  test('adds up to the limit, refuses past it, and takes back', async () => {
    const counters = countersAt(server.endpoint);
    expect(await counters.add(count('k1', 600, 1000), soon())).toBe(true);
    expect(await counters.add(count('k1', 500, 1000), soon())).toBe(false);
    expect(await counters.add(count('k1', 400, 1000), soon())).toBe(true);
    expect((await server.counters(TABLE)).k1).toBe(1000);
    await counters.takeBack(count('k1', 400, 1000), soon());
    expect((await server.counters(TABLE)).k1).toBe(600);
  });

  test('stores when the item may expire, for the table\'s TTL', async () => {
    await countersAt(server.endpoint).add(count('k2', 1, 10), soon());
    const item = await server.send('GetItem', { TableName: TABLE, Key: { pk: { S: 'k2' } } });
    expect(item.Item).toEqual({ pk: { S: 'k2' }, used: { N: '1' }, expiresAt: { N: '1800000000' } });
  });

  test('never adds an amount over the limit, even to an empty counter', async () => {
    expect(await countersAt(server.endpoint).add(count('k3', 11, 10), soon())).toBe(false);
    expect((await server.counters(TABLE)).k3).toBeUndefined();
  });

  test('50 concurrent adds against a limit of 10 (one connection pool): exactly 10', async () => {
    const counters = countersAt(server.endpoint);
    const added = await Promise.all(Array.from({ length: 50 }, () => counters.add(count('k4', 1, 10), soon())));
    expect(added.filter(Boolean)).toHaveLength(10);
    expect((await server.counters(TABLE)).k4).toBe(10);
  });

  test('any other answer is an error with DynamoDB\'s type, never a refusal', async () => {
    const error = await countersAt(server.endpoint, 'no-such-table').add(count('k5', 1, 10), soon()).catch((e) => e);
    expect(error).toBeInstanceOf(DynamoDbError);
    expect([error.status, error.type]).toEqual([400, 'ResourceNotFoundException']);
  });

  test('a slow server: the call is abandoned when the signal aborts', async () => {
    const relay = await DelayingRelay.start(server.endpoint, 2000);
    try {
      const started = Date.now();
      const error = await countersAt(relay.endpoint).add(count('k6', 1, 10), AbortSignal.timeout(200)).catch((e) => e);
      expect(error.name).toBe('TimeoutError');
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await relay.stop();
    }
  });

  test('no server: a network error', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const error = await countersAt(`http://127.0.0.1:${port}`).add(count('k7', 1, 10), soon()).catch((e) => e);
    // A socket error, not an answer: which errno a closed port gives is the platform's
    // (ECONNREFUSED, or ECONNRESET on Node.js 20's reused keep-alive socket).
    expect(error).not.toBeInstanceOf(DynamoDbError);
    expect(error.code).toMatch(/^E[A-Z]+$/);
  });
});

describe('DynamoDbClient answers it can\'t read', () => {
  interface FakeDynamoDb { endpoint: string; close: () => Promise<unknown>; requests: http.IncomingHttpHeaders[] }
  async function serve(answer: (res: http.ServerResponse) => void): Promise<FakeDynamoDb> {
    const requests: http.IncomingHttpHeaders[] = [];
    const fake = http.createServer((req, res) => { requests.push(req.headers); req.resume(); req.on('end', () => answer(res)); });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    return {
      endpoint: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
      close: () => { fake.closeAllConnections(); return new Promise((resolve) => fake.close(resolve)); },
      requests,
    };
  }
  const clientOf = (endpoint: string) => new DynamoDbClient(dynamoDbEndpoint('eu-west-1', 'amazonaws.com', endpoint), 'eu-west-1', new SigningKeyCache());

  test('signs each call in its headers, with the JSON protocol\'s target, and keeps the connection alive', async () => {
    const fake = await serve((res) => res.end('{}'));
    try {
      const client = clientOf(fake.endpoint);
      const credentials = { ...LOCAL_DYNAMODB_CREDENTIALS, sessionToken: 'session' };
      expect(await client.send('UpdateItem', { TableName: 't' }, credentials, soon())).toEqual({});
      await client.send('UpdateItem', { TableName: 't' }, credentials, soon());
      const [first] = fake.requests;
      expect(first['x-amz-target']).toBe('DynamoDB_20120810.UpdateItem');
      expect(first['content-type']).toBe('application/x-amz-json-1.0');
      expect(first['x-amz-security-token']).toBe('session');
      expect(first.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAQUOTATESTEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/);
      expect(first.connection).toBe('keep-alive');
    } finally {
      await fake.close();
    }
  });

  test('an error answer that is not JSON: the status and the start of the text', async () => {
    const fake = await serve((res) => { res.statusCode = 502; res.end('<html>bad gateway</html>'); });
    try {
      const error: any = await clientOf(fake.endpoint).send('UpdateItem', {}, LOCAL_DYNAMODB_CREDENTIALS, soon()).catch((e) => e);
      expect([error.status, error.type, error.message]).toEqual([502, 'UnknownError', 'DynamoDB answered 502 UnknownError: <html>bad gateway</html>']);
    } finally {
      await fake.close();
    }
  });

  test('an answer over 1 MiB is refused', async () => {
    const fake = await serve((res) => res.end(`{"pad":"${'x'.repeat(1024 * 1024)}"}`));
    try {
      const error: any = await clientOf(fake.endpoint).send('UpdateItem', {}, LOCAL_DYNAMODB_CREDENTIALS, soon()).catch((e) => e);
      expect(String(error)).toContain('over 1048576 bytes');
    } finally {
      await fake.close();
    }
  });
});
