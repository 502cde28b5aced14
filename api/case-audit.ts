/**
 * What auditors rely on: the stored event log checked three ways. (1) The hash chain recomputed from
 * MongoDB. (2) Each stored event compared with the events the workflow itself recorded in Temporal's
 * history (the inputs of its completed `recordEvents` activities, across continue-as-new runs), and
 * the chain head compared with the workflow's. (3) Temporal's history replayed with the current
 * workflow code. Every problem names the first bad `seq` it can.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { LoadedDataConverter } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { CaseEvent } from '../domain/case-events';
import { canonicalJson, hashedContent, verifyChain } from '../domain/hash-chain';
import type { Models } from '../db/models';
import type { RecordEventsInput } from '../activities/case-activities';
import { workflowIdFor } from './case-gateway';

type History = temporal.api.history.v1.IHistory;

export interface AuditProblem {
  seq: number | null;
  problem: string;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  chainOk: boolean;
  headMatchesWorkflow: boolean;
  replayOk: boolean;
  firstBadSeq: number | null;
  problems: AuditProblem[];
  chainHead: { seq: number; hash: string } | null;
  workflowHead: { seq: number; hash: string } | null;
}

export interface CaseAuditorDeps {
  client: Client;
  models: Models;
  dataConverter: LoadedDataConverter;
  /** The workflow bundle the replay runs; resolved once, lazily. */
  workflowBundle: () => Promise<{ codePath: string } | { code: string }>;
}

export class CaseAuditor {
  constructor(private readonly deps: CaseAuditorDeps) {}

  async storedEvents(caseId: string): Promise<CaseEvent[]> {
    const docs = await this.deps.models.CaseEvent.find({ caseId })
      .sort({ seq: 1 })
      .lean<Array<CaseEvent & { _id?: string }>>();
    return docs.map(({ _id, ...e }) => e);
  }

  /** Every run of the case's workflow, oldest first (continue-as-new links them). */
  async histories(caseId: string): Promise<History[]> {
    const workflowId = workflowIdFor(caseId);
    const out: History[] = [];
    let runId: string | undefined;
    for (let i = 0; i < 1000; i++) {
      const history = await this.deps.client.workflow.getHandle(workflowId, runId).fetchHistory();
      out.unshift(history);
      const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!previous) break;
      runId = previous;
    }
    return out;
  }

  /** The events the workflow persisted: inputs of completed `recordEvents` activities. */
  async recordedEvents(histories: History[]): Promise<CaseEvent[]> {
    const bySeq = new Map<number, CaseEvent>();
    for (const history of histories) {
      const scheduled = new Map<string, temporal.api.common.v1.IPayloads | null | undefined>();
      for (const e of history.events ?? []) {
        const attrs = e.activityTaskScheduledEventAttributes;
        if (attrs?.activityType?.name === 'recordEvents') scheduled.set(String(e.eventId), attrs.input);
        const done = e.activityTaskCompletedEventAttributes;
        if (done) {
          const input = scheduled.get(String(done.scheduledEventId));
          if (!input) continue;
          const arg = await decodeFromPayloadsAtIndex<RecordEventsInput>(this.deps.dataConverter, 0, input.payloads);
          for (const ev of arg.events) bySeq.set(ev.seq, ev);
        }
      }
    }
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  async verify(caseId: string): Promise<VerifyReport> {
    const stored = await this.storedEvents(caseId);
    const problems: AuditProblem[] = [];
    const chain = verifyChain(stored);
    problems.push(...chain.problems);
    const chainHead = stored.length ? { seq: stored[stored.length - 1]!.seq, hash: chain.head } : null;

    let histories: History[] = [];
    try {
      histories = await this.histories(caseId);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      problems.push({
        seq: null,
        problem: 'history_unavailable',
        detail: "Temporal no longer holds this case's history (retention); checked the stored chain only",
      });
    }

    let workflowHead: VerifyReport['workflowHead'] = null;
    let headMatchesWorkflow = false;
    if (histories.length > 0) {
      const recorded = await this.recordedEvents(histories);
      const last = recorded[recorded.length - 1];
      workflowHead = last ? { seq: last.seq, hash: last.hash } : null;
      headMatchesWorkflow =
        !!workflowHead && !!chainHead && workflowHead.seq === chainHead.seq && workflowHead.hash === chainHead.hash;
      const storedBySeq = new Map(stored.map((e) => [e.seq, e]));
      const recordedBySeq = new Map(recorded.map((e) => [e.seq, e]));
      const maxSeq = Math.max(workflowHead?.seq ?? 0, chainHead?.seq ?? 0, ...stored.map((e) => e.seq));
      for (let seq = 1; seq <= maxSeq; seq++) {
        const s = storedBySeq.get(seq);
        const r = recordedBySeq.get(seq);
        if (r && !s)
          problems.push({
            seq,
            problem: 'missing_event',
            detail: 'the workflow recorded this event; MongoDB does not have it',
          });
        else if (s && !r)
          problems.push({
            seq,
            problem: 'unexpected_event',
            detail: 'MongoDB has an event the workflow never recorded',
          });
        else if (s && r && (s.hash !== r.hash || canonicalJson(hashedContent(s)) !== canonicalJson(hashedContent(r)))) {
          problems.push({
            seq,
            problem: 'altered_event',
            detail: 'the stored event differs from the one the workflow recorded',
          });
        }
      }
      if (!headMatchesWorkflow) {
        problems.push({
          seq:
            workflowHead && chainHead
              ? Math.min(workflowHead.seq, chainHead.seq) + (workflowHead.seq === chainHead.seq ? 0 : 1)
              : 1,
          problem: 'head_mismatch',
          detail: `stored head ${chainHead?.seq ?? 'none'} does not match the workflow's head ${workflowHead?.seq ?? 'none'}`,
        });
      }
    }

    let replayOk = false;
    if (histories.length > 0) {
      replayOk = true;
      const bundle = await this.deps.workflowBundle();
      const workflowId = workflowIdFor(caseId);
      const results = Worker.runReplayHistories(
        { workflowBundle: bundle },
        histories.map((history) => ({ workflowId, history })),
      );
      for await (const result of results) {
        if (result.error) {
          replayOk = false;
          problems.push({
            seq: null,
            problem: 'replay_failed',
            detail: `${result.error.name}: ${result.error.message}`.slice(0, 500),
          });
        }
      }
    }

    const seqs = problems.map((p) => p.seq).filter((s): s is number => s !== null);
    const firstBadSeq = seqs.length ? Math.min(...seqs) : null;
    const chainOk = chain.problems.length === 0;
    return {
      ok: problems.length === 0,
      events: stored.length,
      chainOk,
      headMatchesWorkflow,
      replayOk,
      firstBadSeq,
      problems: problems.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity)),
      chainHead,
      workflowHead,
    };
  }
}
