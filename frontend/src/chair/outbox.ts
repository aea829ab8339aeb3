/**
 * The outbox of changes made on the phone (like DHIS2 Android's TO_POST / TO_UPDATE / ERROR states).
 *
 * Every change is written to IndexedDB first and shown with its sync state: pending (waiting for the network or a
 * retry), sending, sent, conflict (the server changed the same field since: the chair decides, field by field) or
 * error (the server refused it: the reason is shown). Changes are replayed in the order they were made, each with
 * its own Idempotency-Key so a replay after a lost answer is applied once; failures back off exponentially; and
 * the replay runs in the background, never blocking the screens.
 */
import { useSyncExternalStore } from 'react';

import { api } from '../api/client';
import type { components } from '../api/schema';
import { networkProblem, ProblemError, toProblem } from '../api/problem';
import { db, hasIndexedDB } from '../lib/db';
import { backoffMs, threeWayMerge, type Facts, type FactField } from './merge';

export type SyncState = 'pending' | 'sending' | 'sent' | 'conflict' | 'error';

export interface FactsChange {
  kind: 'facts';
  unitId: number;
  unitName: string;
  /** Only the fields the chair changed. */
  values: Facts;
  /** The unit's version and values the change was made on (sent as If-Match). */
  base: { version: number; values: Facts };
}

export interface ReturnChange {
  kind: 'return';
  requestId: number;
  unitId: number;
  title: string;
  figures: Record<string, number>;
  note: string | null;
  file: { filename: string; content_type: string; content_base64: string } | null;
}

/** A committee change proposed to the upper level (seat someone, or end a post). */
export interface CommitteeChange {
  kind: 'committee';
  body: components['schemas']['ChangeRequestCreate'];
  /** What the sync screen shows: "Lò Thị Lan — Executive committee member". */
  label: string;
}

/** A cadre of the union enrolled in a course the upper level offers. */
export interface EnrolChange {
  kind: 'enrol';
  courseId: number;
  cadreId: number;
  label: string;
}

/** A section of the chair's own profile declared for the officer to confirm (self-declaration). */
export interface DeclarationChange {
  kind: 'declaration';
  body: components['schemas']['ContactDeclaration'] | components['schemas']['QualificationDeclaration'] | components['schemas']['EmploymentDeclaration'] | components['schemas']['FamilyDeclaration'];
  label: string;
}

export type Change = FactsChange | ReturnChange | CommitteeChange | EnrolChange | DeclarationChange;

export interface OutboxRecord {
  id: string;
  seq: number;
  change: Change;
  idempotencyKey: string;
  state: SyncState;
  attempts: number;
  nextAttemptAt: number;
  createdAt: string;
  sentAt?: string;
  error?: string;
  /** Merged with a server change to other fields, without asking. */
  merged?: boolean;
  /** The server's current values when in conflict, and which fields collide. */
  server?: { version: number; values: Facts; conflicts: FactField[] };
}

let records: OutboxRecord[] = [];
let loaded: Promise<void> | null = null;
const listeners = new Set<() => void>();
/** Told when a change was accepted (the app refreshes its data). */
const acceptedListeners = new Set<(r: OutboxRecord) => void>();

function emit(): void {
  records = [...records].sort((a, b) => a.seq - b.seq);
  listeners.forEach((l) => l());
}

async function save(record: OutboxRecord): Promise<void> {
  const i = records.findIndex((r) => r.id === record.id);
  if (i >= 0) records[i] = record;
  else records.push(record);
  emit();
  if (hasIndexedDB()) await (await db()).put('outbox', record as unknown as { id: string; seq: number });
}

export function loadOutbox(): Promise<void> {
  loaded ??= (async () => {
    if (!hasIndexedDB()) return;
    const rows = (await (await db()).getAllFromIndex('outbox', 'seq')) as unknown as OutboxRecord[];
    // a replay interrupted mid-flight goes again (with the same Idempotency-Key: applied once)
    records = rows.map((r) => (r.state === 'sending' ? { ...r, state: 'pending' } : r));
    emit();
  })();
  return loaded;
}

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onAccepted(listener: (r: OutboxRecord) => void): () => void {
  acceptedListeners.add(listener);
  return () => acceptedListeners.delete(listener);
}

export function useOutbox(): OutboxRecord[] {
  return useSyncExternalStore(subscribeOutbox, () => records);
}

function newId(): string {
  return crypto.randomUUID();
}

export async function enqueue(change: Change): Promise<OutboxRecord> {
  await loadOutbox();
  const seq = Math.max(Date.now(), ...records.map((r) => r.seq + 1));
  const record: OutboxRecord = {
    id: newId(), seq, change, idempotencyKey: newId(), state: 'pending', attempts: 0, nextAttemptAt: 0,
    createdAt: new Date().toISOString(),
  };
  await save(record);
  void flush();
  return record;
}

/** The chair decided a conflict: send these values on the server's current version (a new change, new key). */
export async function resolveConflict(record: OutboxRecord, values: Facts): Promise<void> {
  if (record.change.kind !== 'facts' || !record.server) return;
  const change: FactsChange = { ...record.change, values, base: { version: record.server.version, values: record.server.values } };
  await save({ ...record, change, state: 'pending', attempts: 0, nextAttemptAt: 0, error: undefined, server: undefined, idempotencyKey: newId() });
  void flush();
}

export async function discard(record: OutboxRecord): Promise<void> {
  records = records.filter((r) => r.id !== record.id);
  emit();
  if (hasIndexedDB()) await (await db()).delete('outbox', record.id);
}

function resourceOf(change: Change): string {
  switch (change.kind) {
    case 'facts':
      return `unit:${change.unitId}`;
    case 'return':
      return `return:${change.requestId}:${change.unitId}`;
    case 'committee':
      return `committee:${change.body.unit_id}`; // in the order proposed
    case 'enrol':
      return `enrol:${change.courseId}:${change.cadreId}`;
    case 'declaration':
      return 'declaration'; // in the order declared (a newer contact declaration supersedes the older one)
  }
}

type Outcome = { kind: 'sent' } | { kind: 'retry'; error: string } | { kind: 'error'; error: string } | { kind: 'unauthorized' };

function transient(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

async function attempt(record: OutboxRecord): Promise<Outcome | { kind: 'conflict'; server: NonNullable<OutboxRecord['server']> } | { kind: 'rebased'; record: OutboxRecord }> {
  const change = record.change;
  const headers = { 'Idempotency-Key': record.idempotencyKey };
  try {
    if (change.kind === 'facts') {
      const { response } = await api.PATCH('/api/v1/chair/units/{unit_id}/facts', {
        params: { path: { unit_id: change.unitId } },
        headers: { ...headers, 'If-Match': `"${change.base.version}"` },
        body: change.values,
      });
      if (response.status === 412) {
        const current = await api.GET('/api/v1/units/{unit_id}', { params: { path: { unit_id: change.unitId } } });
        if (!current.data) return { kind: 'retry', error: `HTTP ${current.response.status}` };
        const theirs: Facts = { member_count: current.data.member_count, workforce: current.data.workforce };
        const { merged, conflicts } = threeWayMerge(change.base.values, change.values, theirs);
        if (conflicts.length) return { kind: 'conflict', server: { version: current.data.version, values: theirs, conflicts } };
        return {
          kind: 'rebased',
          record: { ...record, merged: true, change: { ...change, values: merged, base: { version: current.data.version, values: theirs } } },
        };
      }
      return outcome(response, await errorBody(response));
    }
    if (change.kind === 'committee') {
      const { response } = await api.POST('/api/v1/committee-change-requests', { headers, body: change.body });
      return outcome(response, await errorBody(response));
    }
    if (change.kind === 'declaration') {
      const { response } = await api.POST('/api/v1/me/self-declarations', { headers, body: change.body });
      return outcome(response, await errorBody(response));
    }
    if (change.kind === 'enrol') {
      const { response } = await api.POST('/api/v1/training-courses/{course_id}/enrolments', {
        params: { path: { course_id: change.courseId } },
        headers,
        body: { cadre_id: change.cadreId },
      });
      return outcome(response, await errorBody(response));
    }
    const { response } = await api.POST('/api/v1/report-requests/{request_id}/submissions', {
      params: { path: { request_id: change.requestId } },
      headers,
      body: { unit_id: change.unitId, figures: change.figures, note: change.note, file: change.file },
    });
    return outcome(response, await errorBody(response));
  } catch (e) {
    return { kind: 'retry', error: new ProblemError(networkProblem(e)).message };
  }
}

async function errorBody(response: Response): Promise<unknown> {
  if (response.ok) return undefined;
  try {
    return await response.clone().json();
  } catch {
    return undefined;
  }
}

function outcome(response: Response, body: unknown): Outcome {
  if (response.ok) return { kind: 'sent' };
  if (response.status === 401) return { kind: 'unauthorized' };
  const problem = toProblem(response.status, body, { statusText: response.statusText });
  const text = problem.title ?? `HTTP ${response.status}`;
  return transient(response.status) ? { kind: 'retry', error: text } : { kind: 'error', error: text };
}

let flushing: Promise<void> | null = null;

/** Replay what is due, in order. Safe to call any time: one replay runs at once; offline it does nothing. */
export function flush(): Promise<void> {
  flushing ??= (async () => {
    await loadOutbox();
    const blocked = new Set<string>();
    for (const r of [...records]) {
      if (typeof navigator !== 'undefined' && navigator.onLine === false) break;
      const resource = resourceOf(r.change);
      if (r.state === 'conflict' || r.state === 'error') blocked.add(resource);
      if (r.state !== 'pending' || blocked.has(resource)) continue;
      if (r.nextAttemptAt > Date.now()) {
        blocked.add(resource); // keep the order of changes to one record
        continue;
      }
      let current: OutboxRecord = { ...r, state: 'sending' };
      await save(current);
      let result = await attempt(current);
      if (result.kind === 'rebased') {
        current = { ...result.record, state: 'sending' };
        await save(current);
        result = await attempt(current);
      }
      if (result.kind === 'sent') {
        const done: OutboxRecord = { ...current, state: 'sent', sentAt: new Date().toISOString(), error: undefined };
        await save(done);
        acceptedListeners.forEach((l) => l(done));
      } else if (result.kind === 'conflict') {
        await save({ ...current, state: 'conflict', server: result.server });
        blocked.add(resource);
      } else if (result.kind === 'error') {
        await save({ ...current, state: 'error', error: result.error });
        blocked.add(resource);
      } else if (result.kind === 'unauthorized') {
        await save({ ...current, state: 'pending' });
        break; // the session renews (or ends); the next flush continues
      } else if (result.kind === 'retry') {
        const attempts = current.attempts + 1;
        await save({ ...current, state: 'pending', attempts, nextAttemptAt: Date.now() + backoffMs(attempts), error: result.error });
        blocked.add(resource);
      } else {
        await save({ ...current, state: 'pending' });
      }
    }
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

let started = false;

/** Replay when the network comes back, when the app starts, and every 10 s for backed-off retries. */
export function startOutbox(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener('online', () => void flush());
  window.setInterval(() => {
    if (records.some((r) => r.state === 'pending')) void flush();
  }, 10_000);
  void flush();
}

/** Sent changes older than a week are forgotten (the server has them). */
export async function pruneSent(now = Date.now()): Promise<void> {
  await loadOutbox();
  for (const r of records) {
    if (r.state === 'sent' && r.sentAt && now - Date.parse(r.sentAt) > 7 * 24 * 3600 * 1000) await discard(r);
  }
}

/** Drop everything at sign-out: another user of this phone must not replay someone else's changes. */
export async function clearOutbox(): Promise<void> {
  records = [];
  emit();
  if (hasIndexedDB()) await (await db()).clear('outbox');
}
