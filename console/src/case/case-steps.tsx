/** Steps 登记 → 受理 → 调解中 → 履行回访 → 结案; 移交 and 司法确认审查 are shown on the current step. */
import { Steps } from 'antd';
import type { Stage } from '../../../domain/case-types';
import { STAGE_LABELS, labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';

const MAIN_STEPS = [
  'registered',
  'accepted',
  'in_mediation',
  'following_up',
  'closed',
] as const satisfies readonly Stage[];

/** Where each stage sits on the main line: a transfer waits in mediation; a review follows an agreement. */
const STEP_OF: Record<Stage, number> = {
  registered: 0,
  accepted: 1,
  in_mediation: 2,
  transferred: 2,
  under_review: 2,
  following_up: 3,
  closed: 4,
};

export function CaseSteps({ stage }: { stage: Stage }) {
  const lang = useLang();
  const current = STEP_OF[stage];
  const detour = stage === 'transferred' || stage === 'under_review' ? labelOf(STAGE_LABELS, stage, lang) : null;
  return (
    <Steps
      size="small"
      current={current}
      status={stage === 'closed' ? 'finish' : 'process'}
      items={MAIN_STEPS.map((s, i) => ({
        title: labelOf(STAGE_LABELS, s, lang),
        ...(i === current && detour ? { description: detour } : {}),
      }))}
    />
  );
}
