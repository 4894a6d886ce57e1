import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Runs an analyzer's command line and returns what it printed, whatever its
 * exit code (cfn-lint and checkov exit non-zero when they find something).
 * A missing tool fails the test with the command that installs it.
 */
function run(command: string, args: string[], install: string): { stdout: string; status: number } {
  try {
    return { stdout: execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }), status: 0 };
  } catch (e: any) {
    if (e.code === 'ENOENT') throw new Error(`${command} is not installed: ${install} (or run \`npx projen test:tools\`, which installs it into .tools/bin)`);
    return { stdout: `${e.stdout ?? ''}${e.stderr ?? ''}`, status: e.status };
  }
}

/** cfn-lint's findings (errors, warnings and informational) per template file, as "file:line:col:rule:message" lines. */
export function cfnLint(templateFiles: string[]): string[] {
  const { stdout, status } = run('cfn-lint', ['--format', 'parseable', '--', ...templateFiles], 'pip install cfn-lint');
  const findings = stdout.split('\n').filter((line) => line.trim() !== '');
  if (status !== 0 && findings.length === 0) throw new Error(`cfn-lint failed with exit code ${status} and no findings`);
  return findings;
}

export interface CheckovFailure {
  readonly file: string;
  readonly checkId: string;
  readonly resource: string;
  readonly name: string;
}

export interface CheckovReport {
  readonly failed: CheckovFailure[];
  readonly passed: number;
  readonly skipped: number;
  readonly parsingErrors: number;
  readonly resourceCount: number;
}

/** checkov's CloudFormation checks over every template in `directory`, offline. */
export function checkov(directory: string): CheckovReport {
  const { stdout } = run('checkov', [
    '--directory', directory,
    '--framework', 'cloudformation',
    '--skip-download', // no guideline or policy downloads: the checks shipped with checkov only
    '--quiet', // failed checks only
    '--output', 'json',
  ], 'pip install checkov');
  const parsed = JSON.parse(stdout);
  const report = Array.isArray(parsed) ? parsed[0] : parsed;
  return {
    failed: (report.results?.failed_checks ?? []).map((c: any) => ({
      file: path.basename(c.file_path),
      checkId: c.check_id,
      resource: c.resource,
      name: c.check_name,
    })),
    passed: report.summary.passed,
    skipped: report.summary.skipped,
    parsingErrors: report.summary.parsing_errors,
    resourceCount: report.summary.resource_count,
  };
}
