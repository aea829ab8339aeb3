/**
 * Downloads of generated files (Mẫu 2C, Excel exports, job files, templates): a fetch with the bearer token
 * and Accept-Language (a plain <a href> would carry no token), then a blob link the browser saves.
 * Failures become ProblemErrors like every other API call.
 */
import { getAccessToken } from '../auth/session';
import { currentLanguage } from '../i18n';
import { networkProblem, ProblemError, toProblem } from './problem';

type QueryValue = string | number | boolean | null | undefined;

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The file name from Content-Disposition (RFC 6266 `filename*` first), else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

/** GET `url` with the session's token; resolves with the body and the server's file name. */
export async function fetchFile(url: string, fallbackName: string): Promise<{ blob: Blob; name: string }> {
  const headers: Record<string, string> = { 'Accept-Language': currentLanguage() };
  const token = getAccessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch (e) {
    throw new ProblemError(networkProblem(e));
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: toProblem derives the code from the status
    }
    throw new ProblemError(toProblem(response.status, body, { requestId: response.headers.get('X-Request-ID') }));
  }
  return { blob: await response.blob(), name: fileNameOf(response.headers.get('Content-Disposition'), fallbackName) };
}

/** Fetch and save a file under the server's name. */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  const { blob, name } = await fetchFile(url, fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
