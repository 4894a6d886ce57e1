import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The public API as other languages see it: the jsii assembly that
 * `jsii --fail-on-warnings` wrote (.jsii, made by the build's compile step).
 * No prop, parameter or return type may be `any` or a union (they degrade to
 * `Object` in Java and C#, and `interface{}` in Go), and every type, property,
 * method, parameter and enum member carries the docs API.md renders.
 */
const ASSEMBLY = path.join(__dirname, '..', '.jsii');

interface TypeRef { primitive?: string; union?: unknown; collection?: { elementtype: TypeRef } }

function loadAssembly(): any {
  if (!fs.existsSync(ASSEMBLY)) throw new Error(`${ASSEMBLY} is missing: run "npx projen compile" first`);
  return JSON.parse(fs.readFileSync(ASSEMBLY, 'utf8'));
}

/** Why `ref` degrades in another language, or undefined if it does not. */
function degraded(ref: TypeRef | undefined): string | undefined {
  if (ref === undefined) return undefined;
  if (ref.primitive === 'any') return 'any';
  if (ref.union !== undefined) return 'union';
  return ref.collection ? degraded(ref.collection.elementtype) : undefined;
}

describe('jsii assembly', () => {
  const assembly = loadAssembly();
  const types = Object.entries<any>(assembly.types);

  test('exports the construct, its props, the auth, encryption, malware protection, multipart and quota variants, their enums and the refusal codes', () => {
    expect(types.map(([fqn]) => fqn).sort()).toEqual([
      'cdk-presigned-upload.CognitoAuthOptions',
      'cdk-presigned-upload.GuardDutyMalwareProtectionOptions',
      'cdk-presigned-upload.InfectedObjectAction',
      'cdk-presigned-upload.JwtAuthOptions',
      'cdk-presigned-upload.MalwareProtection',
      'cdk-presigned-upload.MalwareScanner',
      'cdk-presigned-upload.MultipartUpload',
      'cdk-presigned-upload.MultipartUploadOptions',
      'cdk-presigned-upload.PresignAuth',
      'cdk-presigned-upload.PresignAuthType',
      'cdk-presigned-upload.PresignedUploadBucket',
      'cdk-presigned-upload.PresignedUploadBucketProps',
      'cdk-presigned-upload.RefusalCode',
      'cdk-presigned-upload.ResultsDomainOptions',
      'cdk-presigned-upload.ThreatHandlerOptions',
      'cdk-presigned-upload.ThreatRuleOptions',
      'cdk-presigned-upload.UploadEncryption',
      'cdk-presigned-upload.UploadEncryptionType',
      'cdk-presigned-upload.UploadHandlerOptions',
      'cdk-presigned-upload.UploadQuotas',
      'cdk-presigned-upload.UploadQuotasOptions',
      'cdk-presigned-upload.UploadRuleOptions',
    ]);
  });

  test('no property, parameter or return type is any or a union', () => {
    const problems: string[] = [];
    for (const [fqn, type] of types) {
      for (const p of type.properties ?? []) {
        const why = degraded(p.type);
        if (why) problems.push(`${fqn}.${p.name}: ${why}`);
      }
      for (const m of [...(type.methods ?? []), ...(type.initializer ? [type.initializer] : [])]) {
        for (const p of m.parameters ?? []) {
          const why = degraded(p.type);
          if (why) problems.push(`${fqn}.${m.name ?? '<init>'}(${p.name}): ${why}`);
        }
        const why = degraded(m.returns?.type);
        if (why) problems.push(`${fqn}.${m.name} returns ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every type, property, method, parameter and enum member is documented', () => {
    const undocumented: string[] = [];
    for (const [fqn, type] of types) {
      if (!type.docs?.summary) undocumented.push(fqn);
      for (const p of type.properties ?? []) if (!p.docs?.summary) undocumented.push(`${fqn}.${p.name}`);
      for (const m of [...(type.methods ?? []), ...(type.initializer ? [{ ...type.initializer, name: '<init>' }] : [])]) {
        if (!m.docs?.summary && m.name !== '<init>') undocumented.push(`${fqn}.${m.name}()`);
        for (const p of m.parameters ?? []) if (!p.docs?.summary) undocumented.push(`${fqn}.${m.name}(${p.name})`);
      }
      for (const member of type.members ?? []) if (!member.docs?.summary) undocumented.push(`${fqn}.${member.name}`);
    }
    expect(undocumented).toEqual([]);
  });

  test('declares the Python, Java, Go and .NET targets with the names the README gives', () => {
    expect(assembly.targets).toEqual(expect.objectContaining({
      python: { distName: 'cdk-presigned-upload', module: 'cdk_presigned_upload' },
      java: { package: 'io.github.presignedupload.cdk', maven: { groupId: 'io.github.presigned-upload', artifactId: 'cdk-presigned-upload' } },
      go: { moduleName: 'github.com/presigned-upload/cdk-presigned-upload-go', packageName: 'cdkpresignedupload' },
      dotnet: { namespace: 'PresignedUpload.Cdk', packageId: 'PresignedUpload.Cdk' },
    }));
  });
});
