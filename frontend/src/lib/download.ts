/**
 * Authenticated file downloads (reports, decision documents, planning lists, job files). The browser
 * cannot add the bearer token to a plain link, so the file is fetched with the API client's token and
 * handed to the browser as a blob; the file name comes from Content-Disposition.
 */
import { api } from '../api/client';
import { networkProblem, ProblemError, toProblem } from '../api/problem';

/** `attachment; filename*=UTF-8''bao%20cao.xlsx` / `filename="x.docx"` → the name. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1]!.trim() : fallback;
}

/** Save a blob under a name (a temporary object URL clicked through a hidden link). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * GET an API path (already filled in, with its query string) and save the answer as a file.
 * Failures throw a ProblemError like every other call.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  // The typed client only knows the schema's paths; a download URL may come from the server (a job's
  // file_url), so it is passed as a plain path through the same client (token, language middleware).
  type Untyped = (path: string, init: { parseAs: 'blob' }) => Promise<{ data?: Blob; error?: unknown; response: Response }>;
  let result: Awaited<ReturnType<Untyped>>;
  try {
    result = await (api.GET as unknown as Untyped)(url, { parseAs: 'blob' });
  } catch (e) {
    throw new ProblemError(networkProblem(e));
  }
  const { data, error, response } = result;
  if (!response.ok || !data) {
    throw new ProblemError(
      toProblem(response.status, error, { statusText: response.statusText, requestId: response.headers.get('X-Request-ID') }),
    );
  }
  const name = fileNameFrom(response.headers.get('Content-Disposition'), fallbackName);
  saveBlob(data, name);
  return name;
}

/** `/api/v1/x` + `{a: 1, b: undefined}` → `/api/v1/x?a=1`. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
