/**
 * How the app that builds the construct spells property and method names,
 * so that a synth error names `max_upload_size` to a Python author and
 * `MaxUploadSize` to a Go or C# author instead of the TypeScript name.
 *
 * The language comes from `JSII_AGENT`, which each jsii runtime client sets
 * for the Node.js process it starts (`Python/3.11.2`, `Java/17.0.9`,
 * `DotNet/8.0.1/...`, `go1.26.0/linux/amd64`); aws-cdk-lib reads the same
 * variable for its runtime metadata. A TypeScript or JavaScript app has none.
 */
export enum PropSpelling {
  /** TypeScript, JavaScript and Java (its builders keep the camelCase name). */
  CAMEL = 'camel',
  /** Python keyword arguments and methods. */
  SNAKE = 'snake',
  /** C# and Go. */
  PASCAL = 'pascal',
}

/** The spelling of the language named by a `JSII_AGENT` value. */
export function spellingOfAgent(agent: string | undefined): PropSpelling {
  if (agent === undefined) return PropSpelling.CAMEL;
  if (/^python\//i.test(agent)) return PropSpelling.SNAKE;
  if (/^(dotnet\/|go\d)/i.test(agent)) return PropSpelling.PASCAL;
  return PropSpelling.CAMEL;
}

/** The spelling of the language of the app running now. */
export function callerSpelling(): PropSpelling {
  return spellingOfAgent(process.env.JSII_AGENT);
}

/**
 * A camelCase name, or a dotted path of them (`resultsDomain.domainNames`),
 * in the given spelling.
 */
export function spellProp(name: string, spelling: PropSpelling = callerSpelling()): string {
  if (spelling === PropSpelling.CAMEL) return name;
  return name.split('.').map((segment) => spelling === PropSpelling.SNAKE
    ? segment.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
    : segment.charAt(0).toUpperCase() + segment.slice(1)).join('.');
}
