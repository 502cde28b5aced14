/**
 * Versioned deadline policies (domain.md "Deadlines": the policy is data, versioned; "practice" rows are
 * customary and a county may change them): the bundled registry, and a county's policy file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPolicyFile } from '../../config/policy-file';
import { POLICIES, POLICY_2026_1, policyByVersion, policyEntry } from '../../domain/deadline-policy';

const dir = mkdtempSync(path.join(tmpdir(), 'policy-file-'));
let n = 0;
function file(content: unknown): string {
  const f = path.join(dir, `policy-${n++}.json`);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}
/** The error `fn` throws (none: a plain Error saying so). */
function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  return new Error('nothing was thrown');
}
const county = (changes: unknown[]) => ({
  version: '2026.1-jc.1',
  effectiveFrom: '2026-12-01',
  basedOn: '2026.1',
  changes,
});

describe('the bundled policy', () => {
  test('each row says whether it is statutory or practice, as domain.md marks them', () => {
    const practice = POLICY_2026_1.entries.filter((e) => e.basisType === 'practice').map((e) => e.kind);
    // domain.md "Deadlines": acceptance, takeover, follow_up and risk_response are practice; so is
    // administrative mediation without a subtrack (docs/decisions.md 6, by analogy).
    expect(practice.sort()).toEqual(['acceptance', 'follow_up', 'mediation', 'risk_response', 'takeover']);
    expect(policyEntry(POLICY_2026_1, 'mediation', 'administrative', null)!.basisType).toBe('practice');
    expect(policyEntry(POLICY_2026_1, 'mediation', 'people', 'labor')!.basisType).toBe('statutory');
    expect(POLICY_2026_1.entries.every((e) => e.basisType === 'practice' || !e.basis.startsWith('实践'))).toBe(true);
  });

  test('when a version is asked by name, then the bundled one is given, and an unknown one fails with a stable code', () => {
    expect(policyByVersion('2026.1')).toBe(POLICIES['2026.1']);
    expect(thrown(() => policyByVersion('1999.1'))).toMatchObject({ code: 'unknown_policy_version' });
  });
});

describe('a county policy file', () => {
  test('when it changes practice rows, then it is a new version based on the bundled one, with the other rows as they were', () => {
    const policy = loadPolicyFile(
      file(
        county([
          { kind: 'acceptance', amount: 2, basis: '实践（蕉城区：两个工作日内受理）' },
          { kind: 'follow_up', amount: 1, unit: 'months', notify: ['owner_supervisor', 'sender'] },
        ]),
      ),
    );
    expect(policy).toMatchObject({ version: '2026.1-jc.1', effectiveFrom: '2026-12-01', basedOn: '2026.1' });
    expect(policyEntry(policy, 'acceptance', null, null)).toMatchObject({
      amount: 2,
      unit: 'working_days',
      basis: '实践（蕉城区：两个工作日内受理）',
      basisType: 'practice',
    });
    expect(policyEntry(policy, 'follow_up', null, null)).toMatchObject({ amount: 1, unit: 'months' });
    const untouched = (e: { kind: string }) => !['acceptance', 'follow_up'].includes(e.kind);
    expect(policy.entries.filter(untouched)).toEqual(POLICY_2026_1.entries.filter(untouched));
  });

  test('when it shortens a statutory period, then that is allowed', () => {
    const policy = loadPolicyFile(
      file(county([{ kind: 'mediation', track: 'people', subtrack: 'labor', amount: 10 }])),
    );
    expect(policyEntry(policy, 'mediation', 'people', 'labor')).toMatchObject({ amount: 10, basisType: 'statutory' });
  });

  test('when it lengthens a statutory period, changes its unit or basis, or allows extensions the statute does not, then start-up fails listing each', () => {
    const f = file(
      county([
        {
          kind: 'mediation',
          track: 'people',
          subtrack: 'labor',
          amount: 20,
          extension: { allowed: true, requires: 'approval', maxTotal: 5 },
        },
        { kind: 'confirmation_decision', unit: 'working_days' },
        { kind: 'mediation', track: 'administrative', subtrack: 'traffic', basis: '实践' },
        {
          kind: 'mediation',
          track: 'administrative',
          subtrack: 'public_security',
          extension: { allowed: true, requires: 'approval', maxTotal: 10 },
        },
      ]),
    );
    const error = thrown(() => loadPolicyFile(f));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toMatch(/mediation\/people\/labor: 20 days is longer than the statutory 15/);
    expect(error.message).toMatch(/mediation\/people\/labor: extensions may not go past/);
    expect(error.message).toMatch(/confirmation_decision\/\*\/\*: a statutory period stays in days/);
    expect(error.message).toMatch(
      /mediation\/administrative\/traffic: the legal basis of a statutory period cannot change/,
    );
    expect(error.message).toMatch(/mediation\/administrative\/public_security: extensions may not go past/);
  });

  test('when it names a row that does not exist, reuses a bundled version, or is malformed, then start-up fails with the path', () => {
    expect(() => loadPolicyFile(file(county([{ kind: 'acceptance', track: 'judicial', amount: 2 }])))).toThrow(
      /acceptance\/judicial\/\*: no such row/,
    );
    expect(() => loadPolicyFile(file({ ...county([{ kind: 'acceptance', amount: 2 }]), version: '2026.1' }))).toThrow(
      /2026.1 is a bundled policy/,
    );
    expect(() => loadPolicyFile(file(county([{ kind: 'acceptance', amount: -1, colour: 'red' }])))).toThrow(
      /changes\.0\.amount[\s\S]*changes\.0/,
    );
    expect(thrown(() => loadPolicyFile(file('{ not json')))).toMatchObject({ code: 'config_invalid' });
  });

  test('when it is based on a policy this code does not bundle, then it fails with a stable code', () => {
    expect(
      thrown(() => loadPolicyFile(file({ ...county([{ kind: 'acceptance', amount: 2 }]), basedOn: '2030.1' }))),
    ).toMatchObject({
      code: 'unknown_policy_version',
    });
  });

  test('the example in the README is a valid policy file', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Deadline policy file'));
    const example = /```json\n([\s\S]*?)\n```/.exec(section)![1]!;
    expect(loadPolicyFile(file(example)).version).toEqual(expect.any(String));
  });
});
