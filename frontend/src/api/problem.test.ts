import { afterEach, describe, expect, it } from 'vitest';

import i18n from '../i18n';
import { asProblem, codeForStatus, networkProblem, problemMessage, ProblemError, toProblem, type Translator } from './problem';

const translator: Translator = {
  exists: (key) => i18n.exists(key),
  t: (key, options) => String(i18n.t(key, options)),
};

const conflictBody = {
  type: 'https://cadre.congdoan.vn/problems/duplicate_code',
  title: 'Mã đơn vị đã tồn tại',
  status: 409,
  code: 'duplicate_code',
  detail: 'LDLD-LC',
  errors: [{ field: 'code', code: 'duplicate_code', message: 'code LDLD-LC is taken' }],
};

describe('toProblem', () => {
  it('keeps every field of a problem+json body', () => {
    const p = toProblem(409, conflictBody, { requestId: 'req-1' });
    expect(p).toEqual({
      type: conflictBody.type,
      title: conflictBody.title,
      status: 409,
      code: 'duplicate_code',
      detail: 'LDLD-LC',
      errors: [{ field: 'code', code: 'duplicate_code', message: 'code LDLD-LC is taken' }],
      instance: undefined,
      requestId: 'req-1',
    });
  });

  it('derives a code from the status when the body is not problem+json', () => {
    const p = toProblem(502, '<html>Bad Gateway</html>', { statusText: 'Bad Gateway' });
    expect(p.code).toBe('service_unavailable');
    expect(p.title).toBe('Bad Gateway');
    expect(p.detail).toBeUndefined(); // HTML is never shown
    expect(toProblem(404, undefined).code).toBe('not_found');
    expect(toProblem(401, 'invalid token').detail).toBe('invalid token');
    expect(toProblem(418, null).code).toBe('http_error');
    expect(toProblem(500, {}).title).toBe('HTTP 500');
  });

  it('reads FastAPI-style validation items as field problems', () => {
    const p = toProblem(422, { errors: [{ loc: ['query', 'limit'], type: 'less_than_equal', msg: 'too big' }] });
    expect(p.code).toBe('validation_error');
    expect(p.errors).toEqual([{ field: 'query.limit', code: 'less_than_equal', message: 'too big' }]);
  });

  it('maps statuses to codes', () => {
    expect(codeForStatus(403)).toBe('forbidden');
    expect(codeForStatus(429)).toBe('rate_limited');
    expect(codeForStatus(503)).toBe('service_unavailable');
    expect(codeForStatus(500)).toBe('internal_error');
    expect(codeForStatus(0)).toBe('network_error');
  });
});

describe('ProblemError', () => {
  it('is an Error carrying the problem', () => {
    const e = new ProblemError(toProblem(409, conflictBody));
    expect(e).toBeInstanceOf(Error);
    expect(e.status).toBe(409);
    expect(e.code).toBe('duplicate_code');
    expect(asProblem(e)).toBe(e.problem);
    expect(asProblem(new Error('boom'))).toMatchObject({ code: 'client_error', title: 'boom' });
  });
});

describe('problemMessage (code → i18n key, else server title)', () => {
  afterEach(async () => {
    await i18n.changeLanguage('vi');
  });

  it('uses our translation of a known code, in the current language', async () => {
    await i18n.changeLanguage('vi');
    expect(problemMessage(toProblem(409, conflictBody), translator)).toBe('Mã đơn vị đã tồn tại.');
    await i18n.changeLanguage('en');
    expect(problemMessage(toProblem(409, conflictBody), translator)).toBe('This unit code already exists.');
    expect(problemMessage(networkProblem(new TypeError('Failed to fetch')), translator)).toMatch(/Could not reach the server/);
  });

  it("falls back to the server's title for a code we do not know", () => {
    const p = toProblem(422, { ...conflictBody, status: 422, code: 'brand_new_rule', title: 'Quy tắc mới bị vi phạm' });
    expect(problemMessage(p, translator)).toBe('Quy tắc mới bị vi phạm');
  });

  it('falls back to a generic text when there is neither', () => {
    const p = { ...toProblem(400, {}), code: 'brand_new_rule', title: '' };
    expect(problemMessage(p, translator)).toBe('Đã xảy ra lỗi. Vui lòng thử lại.');
  });
});
