/**
 * What auditors rely on: the stored event log checked three ways. (1) The hash chain recomputed from
 * MongoDB. (2) Each stored event compared with the events the workflow itself recorded in Temporal's
 * history (the inputs of its completed `recordEvents` activities, across continue-as-new runs), and
 * the chain head compared with the workflow's. (3) Temporal's history replayed with the current
 * workflow code. Every problem names the first bad `seq` it can.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataConverter, LoadedDataConverter } from '@temporalio/common';
import { decodeFromPayloadsAtIndex, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { CaseEvent } from '../domain/case-events';
import { canonicalJson, hashedContent, verifyChain } from '../domain/hash-chain';
import type { Models } from '../db/models';
import { eventCollection } from '../db/models';
import { readCaseEvents } from '../db/case-event-reads';
import type { RecordEventsInput } from '../activities/case-activities';
import { workflowIdFor } from './case-gateway';

type History = temporal.api.history.v1.IHistory;

export interface AuditProblem {
  seq: number | null;
  problem: string;
  detail: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

const headOf = (events: CaseEvent[]): ChainHead | null => {
  const last = events[events.length - 1];
  return last ? { seq: last.seq, hash: last.hash } : null;
};

type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

/** A case's `recordEvents` inputs in Temporal's history: `recorded`, of completed activities; `pending`,
 * of activities scheduled with no outcome yet (the activity writes the events first and completes only
 * after the case document, notifications and live feed, so the store holds them a while before). */
export interface Recording {
  recorded: CaseEvent[];
  pending: CaseEvent[];
}

/**
 * The workflow's head as the export states it: the last recorded event, carried on through the pending
 * events the store already holds, exactly (same seq and hash), one seq after another. The workflow wrote
 * those into its history itself; an event planted in the store matches none of them.
 */
export function workflowHeadOf(recording: Recording, stored: CaseEvent[]): ChainHead | null {
  const held = new Set(stored.map((e) => `${e.seq}:${e.hash}`));
  let head = headOf(recording.recorded);
  for (const e of [...recording.pending].sort((a, b) => a.seq - b.seq)) {
    if (e.seq <= (head?.seq ?? 0)) continue;
    if (e.seq !== (head?.seq ?? 0) + 1 || !held.has(`${e.seq}:${e.hash}`)) break;
    head = { seq: e.seq, hash: e.hash };
  }
  return head;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  chainOk: boolean;
  headMatchesWorkflow: boolean;
  replayOk: boolean;
  /** How many of the runs' replays were known good already (same history, same code). */
  replayCachedRuns: number;
  firstBadSeq: number | null;
  problems: AuditProblem[];
  chainHead: ChainHead | null;
  workflowHead: ChainHead | null;
  /** Where the time went, in milliseconds. */
  timings: { chain: number; history: number; compare: number; replay: number };
}

export interface CaseAuditorDeps {
  client: Client;
  models: Models;
  /** The clients' data converter (with the payload codec): recorded events and replays decode with it. */
  dataConverter: DataConverter;
  /** The workflow bundle the replay runs; resolved once, lazily. */
  workflowBundle: () => Promise<{ codePath: string } | { code: string }>;
}

/** Remembers successful replays: a run's history with a given length replayed by a given bundle
 * stays good, so a repeated verification replays only what is new. Bounded, in memory. */
class ReplayCache {
  private readonly known = new Set<string>();
  constructor(private readonly max = 50_000) {}
  key(history: History, bundleId: string): string | null {
    const first = history.events?.[0];
    const runId = first?.workflowExecutionStartedEventAttributes?.originalExecutionRunId;
    return runId ? `${bundleId}:${runId}:${history.events?.length ?? 0}` : null;
  }
  has(key: string | null): boolean {
    return key !== null && this.known.has(key);
  }
  add(key: string | null): void {
    if (key === null) return;
    if (this.known.size >= this.max) this.known.clear();
    this.known.add(key);
  }
}

/**
 * The SDK's Runtime is one per process and shuts itself down when its last native object goes away.
 * In a process with no worker of its own (the API), that object is the replay worker, and two
 * overlapping replays race the shutdown ("failed to downcast … Runtime", found by the fault tests):
 * every replay of the process, whichever auditor asks, runs one at a time.
 */
let replayTail: Promise<unknown> = Promise.resolve();
function oneReplayAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = replayTail.then(fn, fn);
  replayTail = run.catch(() => undefined);
  return run;
}

export class CaseAuditor {
  private readonly replays = new ReplayCache();
  private readonly loaded: LoadedDataConverter;
  private bundleId: Promise<string> | null = null;

  constructor(private readonly deps: CaseAuditorDeps) {
    this.loaded = loadDataConverter(deps.dataConverter);
  }

  private async bundle(): Promise<{ bundle: { codePath: string } | { code: string }; id: string }> {
    const bundle = await this.deps.workflowBundle();
    this.bundleId ??= Promise.resolve(
      createHash('sha256')
        .update('code' in bundle ? bundle.code : readFileSync(bundle.codePath))
        .digest('hex')
        .slice(0, 16),
    );
    return { bundle, id: await this.bundleId };
  }

  /** The case's events by `_id` (fast on FerretDB): for the timeline and the state at an instant. */
  async storedEvents(caseId: string): Promise<CaseEvent[]> {
    const stored = await this.deps.models.Case.findById(caseId, { version: 1 }).lean<{ version?: number }>();
    const docs = await readCaseEvents(eventCollection(this.deps.models), caseId, stored?.version ?? 0);
    return docs.map(({ _id, ...e }) => e);
  }

  /**
   * Every document stored for the case, whatever its `_id` and wherever its seq: what the export carries
   * (api.md: "every event"). A forged event under another `_id`, or past a gap, is invisible to the `_id`
   * read; a query on `caseId` finds it. It scans on FerretDB (decision 65): fine for one case's export,
   * not for verify, which a unit verification runs for every case.
   */
  async everyStoredEvent(caseId: string): Promise<CaseEvent[]> {
    const docs = await eventCollection(this.deps.models).find({ caseId }).sort({ seq: 1, _id: 1 }).toArray();
    return docs.map(({ _id, ...e }) => e);
  }

  /**
   * What the export carries: every stored document of the case, and the workflow's head (null when
   * Temporal no longer holds the history): the last event it recorded, or is recording right now and the
   * store already holds (see `workflowHeadOf`). The two agree unless the store holds what the workflow
   * never recorded, or lacks what it did. Temporal is read first: an action whose events were scheduled
   * after that read and stored before the store's read would look planted, so on a difference both are
   * read again, after 0.5 s and then 1 s.
   */
  async exportable(caseId: string): Promise<{ events: CaseEvent[]; workflowHead: ChainHead | null }> {
    for (let round = 1; ; round++) {
      const recording = await this.recording(caseId);
      const events = await this.everyStoredEvent(caseId);
      const workflowHead = recording && workflowHeadOf(recording, events);
      const last = events[events.length - 1];
      const agree = !workflowHead || (last?.seq === workflowHead.seq && last.hash === workflowHead.hash);
      if (agree || round === 3) return { events, workflowHead };
      await new Promise((r) => setTimeout(r, 500 * round));
    }
  }

  /** The case's `recordEvents` inputs (null when Temporal no longer holds the case's history). */
  private async recording(caseId: string): Promise<Recording | null> {
    try {
      return await this.recordingOf(await this.histories(caseId));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
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

  /** The inputs of `recordEvents` activities: completed, and scheduled with no outcome yet. */
  async recordingOf(histories: History[]): Promise<Recording> {
    const bySeq = new Map<number, CaseEvent>();
    const pending: CaseEvent[] = [];
    const decode = async (input: Payloads): Promise<CaseEvent[]> =>
      input?.payloads?.length
        ? (await decodeFromPayloadsAtIndex<RecordEventsInput>(this.loaded, 0, input.payloads)).events
        : [];
    for (const history of histories) {
      const scheduled = new Map<string, Payloads>();
      for (const e of history.events ?? []) {
        const attrs = e.activityTaskScheduledEventAttributes;
        if (attrs?.activityType?.name === 'recordEvents') scheduled.set(String(e.eventId), attrs.input);
        const done = e.activityTaskCompletedEventAttributes;
        if (done && scheduled.has(String(done.scheduledEventId))) {
          for (const ev of await decode(scheduled.get(String(done.scheduledEventId)))) bySeq.set(ev.seq, ev);
        }
        // Any outcome (completed, failed, timed out, cancelled) ends the attempt.
        const closed =
          done ??
          e.activityTaskFailedEventAttributes ??
          e.activityTaskTimedOutEventAttributes ??
          e.activityTaskCanceledEventAttributes;
        if (closed) scheduled.delete(String(closed.scheduledEventId));
      }
      for (const input of scheduled.values()) pending.push(...(await decode(input)));
    }
    return { recorded: [...bySeq.values()].sort((a, b) => a.seq - b.seq), pending };
  }

  async verify(caseId: string): Promise<VerifyReport> {
    const clock = (): number => performance.now();
    let mark = clock();
    const lap = (): number => {
      const now = clock();
      const ms = Math.round(now - mark);
      mark = now;
      return ms;
    };
    const timings = { chain: 0, history: 0, compare: 0, replay: 0 };
    const stored = await this.storedEvents(caseId);
    const problems: AuditProblem[] = [];
    const chain = verifyChain(stored);
    problems.push(...chain.problems);
    const chainHead = stored.length ? { seq: stored[stored.length - 1]!.seq, hash: chain.head } : null;
    timings.chain = lap();

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

    timings.history = lap();
    let workflowHead: VerifyReport['workflowHead'] = null;
    let headMatchesWorkflow = false;
    if (histories.length > 0) {
      // An action in flight: its events may be stored before its recordEvents completes; those the
      // workflow scheduled and the store holds exactly count as recorded (as in the export).
      const recording = await this.recordingOf(histories);
      workflowHead = workflowHeadOf(recording, stored);
      const completedSeq = headOf(recording.recorded)?.seq ?? 0;
      const recorded = [
        ...recording.recorded,
        ...recording.pending.filter((e) => e.seq > completedSeq && e.seq <= (workflowHead?.seq ?? 0)),
      ];
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

    timings.compare = lap();
    let replayOk = false;
    let replayCachedRuns = 0;
    if (histories.length > 0) {
      replayOk = true;
      const { bundle, id } = await this.bundle();
      const workflowId = workflowIdFor(caseId);
      const pending = histories
        .map((history) => ({ history, key: this.replays.key(history, id) }))
        .filter((h) => !this.replays.has(h.key));
      replayCachedRuns = histories.length - pending.length;
      if (pending.length > 0)
        await oneReplayAtATime(async () => {
          const keys = new Map(pending.map((p, i) => [`${workflowId}#${i}`, p.key]));
          const results = Worker.runReplayHistories(
            { workflowBundle: bundle, dataConverter: this.deps.dataConverter },
            pending.map(({ history }, i) => ({ workflowId: `${workflowId}#${i}`, history })),
          );
          for await (const result of results) {
            if (result.error) {
              replayOk = false;
              problems.push({
                seq: null,
                problem: 'replay_failed',
                detail: `${result.error.name}: ${result.error.message}`.slice(0, 500),
              });
            } else {
              this.replays.add(keys.get(result.workflowId) ?? null);
            }
          }
        });
    }

    timings.replay = lap();
    const seqs = problems.map((p) => p.seq).filter((s): s is number => s !== null);
    const firstBadSeq = seqs.length ? Math.min(...seqs) : null;
    const chainOk = chain.problems.length === 0;
    return {
      ok: problems.length === 0,
      events: stored.length,
      chainOk,
      headMatchesWorkflow,
      replayOk,
      replayCachedRuns,
      firstBadSeq,
      problems: problems.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity)),
      chainHead,
      workflowHead,
      timings,
    };
  }
}
