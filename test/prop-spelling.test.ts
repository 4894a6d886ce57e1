import { App, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PresignAuth, PresignedUploadBucket, UploadQuotas } from '../src';
import { ORIGINS } from './util';
import { PropSpelling, spellingOfAgent, spellProp } from '../src/private/prop-spelling';

describe('the caller\'s language, from JSII_AGENT', () => {
  test.each<[string | undefined, PropSpelling]>([
    [undefined, PropSpelling.CAMEL],
    ['node.js/v22.23.5', PropSpelling.CAMEL],
    ['Python/3.11.2', PropSpelling.SNAKE],
    ['Java/17.0.13', PropSpelling.CAMEL],
    ['DotNet/8.0.11/.NETCoreApp,Version=v8.0/1.0.0.0', PropSpelling.PASCAL],
    ['go1.26.0/linux/amd64', PropSpelling.PASCAL],
  ])('%s is %s', (agent, spelling) => {
    expect(spellingOfAgent(agent)).toBe(spelling);
  });

  test.each<[PropSpelling, string, string]>([
    [PropSpelling.CAMEL, 'resultsDomain.domainNames', 'resultsDomain.domainNames'],
    [PropSpelling.SNAKE, 'resultsDomain.domainNames', 'results_domain.domain_names'],
    [PropSpelling.PASCAL, 'resultsDomain.domainNames', 'ResultsDomain.DomainNames'],
    [PropSpelling.SNAKE, 'presignReservedConcurrency', 'presign_reserved_concurrency'],
    [PropSpelling.SNAKE, 'auth', 'auth'],
    [PropSpelling.PASCAL, 'quotas', 'Quotas'],
  ])('%s spells %s as %s', (spelling, name, spelled) => {
    expect(spellProp(name, spelling)).toBe(spelled);
  });
});

describe('synth errors name props as the caller writes them', () => {
  const saved = process.env.JSII_AGENT;
  afterEach(() => {
    if (saved === undefined) delete process.env.JSII_AGENT;
    else process.env.JSII_AGENT = saved;
  });

  function invalidPropsError(): string {
    const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
    try {
      new PresignedUploadBucket(stack, 'Uploads', {
        allowedOrigins: ['*'],
        maxUploadSize: Size.bytes(0),
        autoDeleteObjects: true,
        removalPolicy: RemovalPolicy.RETAIN,
        presignRuntime: lambda.Runtime.PYTHON_3_12,
        resultsDomain: { domainNames: [], certificate: undefined as never },
        auth: PresignAuth.jwt({ issuer: 'http://issuer.example.com', audience: ['app'] }),
        quotas: UploadQuotas.enabled({ bytesPerDay: Size.gibibytes(500), uploadsPerCaller: 0 }),
      });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the props to be refused');
  }

  test('a Python app reads snake_case names and no TypeScript syntax', () => {
    process.env.JSII_AGENT = 'Python/3.11.2';
    const message = invalidPropsError();
    for (const name of ['allowed_origins entry "*"', 'set allow_any_origin to true', 'max_upload_size is 0 bytes',
      'auto_delete_objects is true but removal_policy is retain: set removal_policy to RemovalPolicy.DESTROY',
      'presign_runtime is python3.12', 'results_domain.domain_names is empty', 'or omit results_domain',
      'auth: PresignAuth.jwt issuer', 'quotas uploads_per_caller is 0']) {
      expect(message).toContain(name);
    }
    expect(message).not.toMatch(/[a-z][A-Z][a-z]+ (is|entry|lists)\b/);
    expect(message).not.toMatch(/\w: (true|RemovalPolicy|\{)/);
  });

  test('a Go or C# app reads PascalCase names', () => {
    process.env.JSII_AGENT = 'go1.26.0/linux/amd64';
    const message = invalidPropsError();
    expect(message).toContain('AllowedOrigins entry "*" is a bare "*": set AllowAnyOrigin to true');
    expect(message).toContain('MaxUploadSize is 0 bytes');
    expect(message).toContain('Quotas UploadsPerCaller is 0');
  });

  test('a TypeScript or Java app reads the camelCase names', () => {
    process.env.JSII_AGENT = 'Java/17.0.13';
    const message = invalidPropsError();
    expect(message).toContain('allowedOrigins entry "*" is a bare "*": set allowAnyOrigin to true');
    expect(message).toContain('quotas uploadsPerCaller is 0');
  });

  test('method errors name the method as the caller writes it', () => {
    process.env.JSII_AGENT = 'Python/3.11.2';
    const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
    const uploads = new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS });
    const handler = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = () => {}'),
    });
    expect(() => uploads.addThreatHandler(handler)).toThrow(
      'add_threat_handler at path [S/Uploads]: malware_protection is not set, so nothing is scanned: set malware_protection to MalwareProtection.guardDuty() in the props');
  });
});
