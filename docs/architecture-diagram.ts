/**
 * Renders a CloudFormation template as a Graphviz DOT architecture diagram:
 * one node per architectural resource (buckets, distribution, API, functions,
 * rules, keys), and an edge wherever two of them are linked by references,
 * directly or through the glue the diagram leaves out (roles, policies,
 * permissions, integrations, routes, stages, log groups, bucket policies).
 *
 * `npx projen diagram` writes docs/architecture.dot and, with Graphviz's
 * `dot`, docs/architecture.svg for the example app; test/architecture-diagram.test.ts
 * fails when either no longer matches the template.
 */

/** Resource types drawn as nodes, with the caption each gets. */
const SHOWN: Record<string, string> = {
  'AWS::ApiGatewayV2::Api': 'HTTP API',
  'AWS::Lambda::Function': 'Lambda function',
  'AWS::S3::Bucket': 'S3 bucket',
  'AWS::Events::Rule': 'EventBridge rule',
  'AWS::CloudFront::Distribution': 'CloudFront distribution',
  'AWS::KMS::Key': 'KMS key',
  'AWS::Cognito::UserPool': 'Cognito user pool',
  'AWS::SQS::Queue': 'SQS queue',
};

interface Template {
  readonly Resources: Record<string, { readonly Type: string; readonly Properties?: unknown }>;
}

/** Logical ids of the template's resources that `value` references (Ref, Fn::GetAtt, ${...} in Fn::Sub). */
function referencesIn(value: unknown, ids: Set<string>, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, ids, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && ids.has(inner)) found.add(inner);
      if (key === 'Fn::GetAtt') {
        const target = Array.isArray(inner) ? inner[0] : String(inner).split('.')[0];
        if (ids.has(target)) found.add(target);
      }
      if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z.]+)?\}/g)) if (ids.has(m[1])) found.add(m[1]);
      }
      referencesIn(inner, ids, found);
    }
  }
  return found;
}

/** A logical id without CDK's 8-character hash suffix. */
function displayName(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

/** The edges between shown resources, as sorted pairs of logical ids. */
export function architectureEdges(template: Template): Array<[string, string]> {
  const ids = new Set(Object.keys(template.Resources));
  const neighbours = new Map<string, Set<string>>([...ids].map((id) => [id, new Set<string>()]));
  const link = (a: string, b: string) => {
    if (a === b) return;
    neighbours.get(a)!.add(b);
    neighbours.get(b)!.add(a);
  };
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::IAM::Policy') {
      // A policy links whoever uses its roles (functions) with what it
      // grants on, not the granted resources with each other.
      const props = resource.Properties as { Roles?: unknown; PolicyDocument?: unknown };
      const roles = referencesIn(props.Roles, ids);
      const users = Object.entries(template.Resources)
        .filter(([userId, user]) => user.Type !== 'AWS::IAM::Policy' && userId !== id
          && [...referencesIn(user.Properties, ids)].some((ref) => roles.has(ref)))
        .map(([userId]) => userId);
      for (const user of users) for (const target of referencesIn(props.PolicyDocument, ids)) link(user, target);
      continue;
    }
    if (resource.Type === 'AWS::IAM::Role') continue; // reached through its users, above
    for (const target of referencesIn(resource.Properties, ids)) {
      if (template.Resources[target].Type !== 'AWS::IAM::Role') link(id, target);
    }
  }
  const shown = (id: string) => SHOWN[template.Resources[id].Type] !== undefined;
  const edges = new Set<string>();
  for (const start of [...ids].filter(shown)) {
    // Walk out through omitted resources only; stop at the first shown one.
    const seen = new Set([start]);
    const queue = [...neighbours.get(start)!];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      if (shown(next)) {
        edges.add([start, next].sort().join('\u0000'));
      } else {
        queue.push(...neighbours.get(next)!);
      }
    }
  }
  return [...edges].sort().map((e) => e.split('\u0000') as [string, string]);
}

/** The DOT source of the diagram: deterministic for a given template. */
export function renderArchitectureDot(template: Template, title: string): string {
  const nodes = Object.entries(template.Resources)
    .filter(([, r]) => SHOWN[r.Type] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = [
    `graph "${title}" {`,
    '  graph [rankdir=LR, fontname="Helvetica", labelloc=t, label="' + title + '"];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", fontname="Helvetica", fontsize=11];',
    '  edge [color="#5b6b7f", fontname="Helvetica", fontsize=10];',
    '  browser [label="Browser page", shape=ellipse, fillcolor="#fff4d6"];',
    ...nodes.map(([id, r]) => `  "${id}" [label="${SHOWN[r.Type]}\\n${displayName(id)}"];`),
    ...architectureEdges(template).map(([a, b]) => `  "${a}" -- "${b}";`),
    // What the template can't say: who the browser talks to.
    ...nodes.filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api' || r.Type === 'AWS::CloudFront::Distribution')
      .map(([id]) => `  browser -- "${id}" [style=dashed];`),
    ...nodes.filter(([id, r]) => r.Type === 'AWS::S3::Bucket' && /UploadBucket/.test(id))
      .map(([id]) => `  browser -- "${id}" [style=dashed, label="presigned PUT"];`),
    '}',
  ];
  return lines.join('\n') + '\n';
}
