import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectDir } from '../../scripts/package/check';

/*
 * The release workflow cannot run here (it needs GitHub's Windows and macOS runners), so its YAML is
 * parsed and every npm command its steps call is checked against package.json.
 */
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; steps: Step[]; strategy?: { matrix: { include: { os: string }[] } } }>;
}

const NPM_OWN_COMMANDS = new Set(['ci', 'install', 'test']);

/** Each npm command in the workflow's steps that package.json's scripts do not have. */
function missingNpmCommands(workflow: Workflow, scripts: Record<string, string>): string[] {
  const missing: string[] = [];
  for (const [job, { steps }] of Object.entries(workflow.jobs)) {
    for (const step of steps) {
      for (const [, verb, name] of (step.run ?? '').matchAll(/\bnpm\s+(run(?:-script)?|\S+)(?:\s+([\w:.-]+))?/g)) {
        const script = verb!.startsWith('run') ? name : verb === 'test' ? 'test' : undefined;
        if (script === undefined ? !NPM_OWN_COMMANDS.has(verb!) : !(script in scripts))
          missing.push(
            `${job} › ${step.name ?? step.run}: npm ${verb}${name && verb!.startsWith('run') ? ` ${name}` : ''}`
          );
      }
    }
  }
  return missing;
}

const text = readFileSync(join(projectDir, '.github', 'workflows', 'release.yml'), 'utf8');
const workflow = parse(text) as Workflow;
const { scripts } = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('the release workflow', () => {
  it('calls only npm commands that package.json has', () => {
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
    expect(runs.join('\n')).toMatch(/npm run package -- /);
    expect(missingNpmCommands(workflow, scripts)).toEqual([]);
  });

  it('would notice a step calling a script package.json lacks', () => {
    const broken = structuredClone(workflow);
    broken.jobs.package!.steps.push({ name: 'Typo', run: 'npm run pakage -- --linux' }, { run: 'npm tset' });
    expect(missingNpmCommands(broken, scripts)).toEqual([
      'package › Typo: npm run pakage',
      'package › npm tset: npm tset'
    ]);
  });

  it('tests first, then packages on Windows, macOS and Linux runners and uploads what it made', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'workflow_dispatch']));
    const { package: pack, test } = workflow.jobs;
    expect(test!.steps.map((step) => step.run)).toEqual(expect.arrayContaining(['npm ci', 'xvfb-run -a npm test']));
    expect(pack!.strategy!.matrix.include.map((entry) => entry.os)).toEqual([
      'ubuntu-latest',
      'windows-latest',
      'macos-latest'
    ]);
    expect(pack!.steps.some((step) => step.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
  });

  it('signs and notarises from secrets, and says so plainly when they are absent', () => {
    for (const secret of ['MAC_CSC_LINK', 'WIN_CSC_LINK', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'])
      expect(text).toContain(`secrets.${secret}`);
    const say = workflow.jobs.package!.steps.find((step) => step.name === 'Say what will be signed')!.run!;
    expect(say).toMatch(/::warning::No code-signing certificate .* unsigned/);
    expect(say).toMatch(/::warning::No APPLE_ID.* not notarised/);
    expect(say).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
  });
});
