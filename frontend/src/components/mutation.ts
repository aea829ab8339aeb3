/**
 * THE mutation helper (docs/architecture.md "SPA conventions"). Every write in the SPA goes through
 * `useApiMutation`, which
 *
 *  - sends `If-Match` built from the version of the object in the query cache (`versionOf`), so an
 *    edit made on a stale copy is refused by the server with 412 instead of overwriting someone's work;
 *  - on success invalidates the query keys the change affects (and can seed the object's cache entry);
 *  - on a 422/409 with `errors[]` puts each field's message under the matching Mantine form input
 *    (the rest stays in the problem alert);
 *  - on a 412 loads the object as it is now and exposes `conflict` ({theirs, mine}) for <ConflictPanel>,
 *    which shows the other person's version beside the user's own edits.
 */
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { isProblemError, type FieldProblem } from '../api/problem';

/** The `If-Match` value for an object's version (the server's ETag is `"<version>"`). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Headers for a conditional write. */
export function ifMatchHeaders(version: number): { 'If-Match': string } {
  return { 'If-Match': etagOf(version) };
}

/** The part of a Mantine form (`useForm()`) the helper needs. */
export interface FormErrorsTarget {
  setFieldError(path: string, error: string): void;
  clearErrors(): void;
  values?: unknown;
}

/** "body.birth_date" / "birth_date" / "items.0.name" → a Mantine form path, or undefined to keep it in the alert. */
export function formPath(field: string, fields?: readonly string[]): string | undefined {
  const path = field.replace(/^body\./, '');
  if (!path || path === 'body') return undefined;
  if (fields && !fields.includes(path.split('.')[0]!)) return undefined;
  return path;
}

/** Client-side wording of a field-level error code; the server's message when there is none. */
export function fieldMessage(problem: FieldProblem, t: (key: string) => string, exists: (key: string) => boolean): string {
  const key = `errors:field.${problem.code}`;
  if (problem.code && exists(key)) return t(key);
  return problem.message || problem.code;
}

/** Put `errors[]` under the inputs they belong to; returns the problems no input took. */
export function applyFieldErrors(
  form: FormErrorsTarget,
  errors: readonly FieldProblem[],
  message: (p: FieldProblem) => string,
  fields?: readonly string[],
): FieldProblem[] {
  const rest: FieldProblem[] = [];
  for (const e of errors) {
    const path = formPath(e.field, fields);
    if (path) form.setFieldError(path, message(e));
    else rest.push(e);
  }
  return rest;
}

export interface Conflict<TVars> {
  /** The object as it is on the server now (after the other person's change). */
  theirs: unknown;
  /** What this user tried to save. */
  mine: TVars;
}

export interface ApiMutationOptions<TVars, TData> {
  /**
   * Performs the request. `ctx.headers` carries `If-Match` when `versionOf` gave a version: pass it to
   * the openapi-fetch call (`api.PATCH(path, { params, body, headers: ctx.headers })`).
   */
  mutationFn: (vars: TVars, ctx: { headers: Record<string, string> }) => Promise<TData>;
  /** The version the user edited: usually `(vars) => cachedObject.version`. Absent: no If-Match. */
  versionOf?: (vars: TVars) => number | undefined;
  /** Query keys to invalidate after success (prefixes: `queryKeys.cadres.all` drops every cadre list). */
  invalidate?: readonly QueryKey[] | ((data: TData, vars: TVars) => readonly QueryKey[]);
  /** Seed a cache entry with the server's answer (e.g. the object's detail key after a PATCH). */
  setData?: (data: TData, vars: TVars) => QueryKey | undefined;
  /** A Mantine form whose inputs receive `errors[]` (paths like `birth_date`). */
  form?: FormErrorsTarget;
  /** Only these top-level fields exist in the form; other errors stay in the alert. */
  formFields?: readonly string[];
  /** Loads the object as it is now, for the 412 conflict view. */
  loadCurrent?: (vars: TVars) => Promise<unknown>;
  onSuccess?: (data: TData, vars: TVars) => void;
}

export function useApiMutation<TVars, TData>(options: ApiMutationOptions<TVars, TData>) {
  const queryClient = useQueryClient();
  const { t, i18n } = useTranslation('errors');
  const [conflict, setConflict] = useState<Conflict<TVars> | null>(null);
  const { form, formFields, loadCurrent } = options;

  const mutation = useMutation<TData, unknown, TVars>({
    mutationFn: (vars) => {
      const version = options.versionOf?.(vars);
      const headers: Record<string, string> = version === undefined ? {} : ifMatchHeaders(version);
      form?.clearErrors();
      setConflict(null);
      return options.mutationFn(vars, { headers });
    },
    onSuccess: async (data, vars) => {
      const key = options.setData?.(data, vars);
      if (key) queryClient.setQueryData(key, data);
      const keys = typeof options.invalidate === 'function' ? options.invalidate(data, vars) : (options.invalidate ?? []);
      await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      options.onSuccess?.(data, vars);
    },
    onError: async (error, vars) => {
      if (!isProblemError(error)) return;
      if (form && error.problem.errors.length > 0) {
        applyFieldErrors(
          form,
          error.problem.errors,
          (p) => fieldMessage(p, (k) => String(t(k)), (k) => i18n.exists(k)),
          formFields,
        );
      }
      if (error.status === 412 && loadCurrent) {
        try {
          setConflict({ theirs: await loadCurrent(vars), mine: vars });
        } catch {
          setConflict({ theirs: null, mine: vars });
        }
      }
    },
  });

  const clearConflict = useCallback(() => setConflict(null), []);
  return { ...mutation, conflict, clearConflict };
}
