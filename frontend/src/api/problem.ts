/**
 * RFC 9457 problem+json errors (`{type, title, status, code, detail, errors[]}`) as a typed error.
 * Every failed API call is turned into a `ProblemError`, whatever the server (or a proxy, or the
 * network) actually sent, so the UI has one thing to render: <ProblemAlert error={...} />.
 */

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  /** Stable lower_snake_case code (the server's catalogue, core/errors.py). */
  code: string;
  detail?: string;
  errors: FieldProblem[];
  instance?: string;
  /** `X-Request-ID` of the failed response, to quote to support. */
  requestId?: string;
  /** True when the server sent a problem+json body: its `title` is already in the user's language. */
  fromServer?: boolean;
  /** Extension members of the problem (e.g. `existing_id` of a duplicate, `current_etag`). */
  extensions?: Record<string, unknown>;
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'code', 'detail', 'errors', 'instance', 'request_id']);

/** Fallback codes by HTTP status, for error bodies that are not problem+json. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_error',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  422: 'validation_error',
  428: 'precondition_required',
  429: 'rate_limited',
  502: 'service_unavailable',
  503: 'service_unavailable',
  504: 'service_unavailable',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : status === 0 ? 'network_error' : 'http_error');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function fieldProblems(v: unknown): FieldProblem[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      field: str(e.field) ?? (Array.isArray(e.loc) ? e.loc.join('.') : ''),
      code: str(e.code) ?? str(e.type) ?? '',
      message: str(e.message) ?? str(e.msg) ?? '',
    }));
}

/**
 * Normalise an error response into a Problem. `body` is whatever was parsed from the response
 * (openapi-fetch gives the JSON object, or the raw text when it was not JSON).
 */
export function toProblem(
  status: number,
  body: unknown,
  opts: { statusText?: string; requestId?: string | null } = {},
): Problem {
  const obj = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const bodyStatus = typeof obj.status === 'number' ? obj.status : undefined;
  const effectiveStatus = bodyStatus ?? status;
  const code = str(obj.code) ?? codeForStatus(effectiveStatus);
  const text = typeof body === 'string' ? body.trim() : undefined;
  return {
    type: str(obj.type) ?? 'about:blank',
    title: str(obj.title) ?? str(opts.statusText) ?? `HTTP ${effectiveStatus}`,
    status: effectiveStatus,
    code,
    detail: str(obj.detail) ?? (text && text.length <= 300 && !text.startsWith('<') ? text : undefined),
    errors: fieldProblems(obj.errors),
    instance: str(obj.instance),
    requestId: str(opts.requestId) ?? str(obj.request_id),
    fromServer: str(obj.title) !== undefined && str(obj.code) !== undefined,
    ...(Object.keys(obj).some((k) => !STANDARD_MEMBERS.has(k))
      ? { extensions: Object.fromEntries(Object.entries(obj).filter(([k]) => !STANDARD_MEMBERS.has(k))) }
      : {}),
  };
}

/** A request that never got a response (offline, DNS, CORS, server down). */
export function networkProblem(cause?: unknown): Problem {
  return {
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    code: 'network_error',
    detail: cause instanceof Error ? cause.message : undefined,
    errors: [],
  };
}

export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.title}`);
    this.name = 'ProblemError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

export function isProblemError(e: unknown): e is ProblemError {
  return e instanceof ProblemError;
}

/** Any thrown value as a Problem (so unexpected exceptions still render in a ProblemAlert). */
export function asProblem(e: unknown): Problem {
  if (e instanceof ProblemError) return e.problem;
  return {
    type: 'about:blank',
    title: e instanceof Error ? e.message : String(e),
    status: 0,
    code: 'client_error',
    errors: [],
  };
}

/** The bit of an i18next instance the message lookup needs (keeps this module testable). */
export interface Translator {
  exists(key: string): boolean;
  t(key: string, options?: Record<string, unknown>): string;
}

/**
 * The message to show for a problem. ONE place for error texts: the server's catalogue
 * (backend/app/core/errors.py) titles every problem in the language sent as Accept-Language, so its
 * `title` is shown as is. Only what the server cannot say comes from `errors:client.<code>`: the
 * network failed, or a proxy answered without problem+json (then the status decides the text).
 */
export function problemMessage(problem: Problem, i18n: Translator): string {
  if (problem.fromServer && problem.title) return problem.title;
  const key = `errors:client.${problem.code}`;
  if (problem.code && i18n.exists(key)) return i18n.t(key);
  return i18n.t('errors:generic');
}
