import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import { makeStack } from './util';
import { PRESIGN_API_BUNDLE, PRESIGN_API_BUNDLE_DIR } from '../src/private/handler-bundle';

/**
 * The asset the package ships (PRESIGN_API_BUNDLE_DIR, made by the
 * build's bundle step) must run on its own in Lambda: no node_modules, no SDK.
 */
const BUNDLE = PRESIGN_API_BUNDLE;

// Each refusal writes one metric line to stdout (CloudWatch's embedded metric format); here it would only be noise.
let stdout: jest.SpyInstance;
beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

describe('bundled presign handler', () => {
  test('is the asset the construct deploys as the presign function', () => {
    const { uploads } = makeStack();
    // The asset's staging construct records the directory it was made from.
    const staged = uploads.presignFunction.node.findAll().filter((c) => c.node.id === 'Stage')
      .map((c) => (c as unknown as { sourcePath: string }).sourcePath);
    expect(staged).toEqual([PRESIGN_API_BUNDLE_DIR]);
  });

  test('is one file that requires only Node.js built-in modules, node:https only when the quota port opens', () => {
    expect(fs.readdirSync(PRESIGN_API_BUNDLE_DIR)).toEqual(['index.js']);
    const text = fs.readFileSync(BUNDLE, 'utf8');
    const required = [...text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toContain('node:crypto');
    for (const name of required) {
      expect(builtinModules).toContain(name.replace(/^node:/, ''));
    }
    // node:https is required where the DynamoDB client is made, not at the top with the rest.
    const topLevel = [...text.matchAll(/(?:^|[;,])(?:var|const|let) [\w$]+=require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(topLevel).toContain('node:crypto');
    expect(topLevel).not.toContain('node:https');
    expect(required).toContain('node:https');
  });

  test('presigns a request with the environment the construct sets', async () => {
    const saved = process.env;
    process.env = {
      ...saved,
      UPLOAD_BUCKET: 'b',
      UPLOAD_KEY_PREFIX: 'uploads/',
      UPLOAD_MAX_BYTES: '10',
      UPLOAD_EXPIRES_SECONDS: '60',
      UPLOAD_URL_SUFFIX: 'amazonaws.com.cn',
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'SECRET',
    };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(BUNDLE);
      const res = await handler({
        headers: { 'content-type': 'application/json' },
        body: '{"filename":"a.png","contentType":"image/png","size":8,"checksum":"q6RMRSIZNf4="}',
        requestContext: { http: { method: 'POST' } },
      });
      expect(res.statusCode).toBe(200);
      const body = JSON.parse(res.body);
      const url = new URL(body.url);
      expect(`${url.origin}${url.pathname}`).toBe(`https://b.s3.cn-north-1.amazonaws.com.cn/${body.key}`);
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKID\/\d{8}\/cn-north-1\/s3\/aws4_request$/);
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect([body.method, body.size]).toEqual(['PUT', 8]);
      expect((await handler({ requestContext: { http: { method: 'GET' } } })).statusCode).toBe(405);
    } finally {
      process.env = saved;
    }
  });
});
