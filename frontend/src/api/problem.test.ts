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
      fromServer: true,
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

describe('problemMessage (the server titles problems; the client only what the server cannot say)', () => {
  afterEach(async () => {
    await i18n.changeLanguage('vi');
  });

  it("shows the server's title, already localised by Accept-Language", () => {
    expect(problemMessage(toProblem(409, conflictBody), translator)).toBe('Mã đơn vị đã tồn tại');
    const en = toProblem(409, { ...conflictBody, title: 'Unit code already exists' });
    expect(problemMessage(en, translator)).toBe('Unit code already exists');
  });

  it('uses client texts for a network failure and a non-problem answer, in the current language', async () => {
    await i18n.changeLanguage('en');
    expect(problemMessage(networkProblem(new TypeError('Failed to fetch')), translator)).toMatch(/Could not reach the server/);
    expect(problemMessage(toProblem(503, '<html>Bad gateway</html>', { statusText: 'Service Unavailable' }), translator)).toMatch(
      /temporarily unavailable/,
    );
    await i18n.changeLanguage('vi');
    expect(problemMessage(networkProblem(), translator)).toMatch(/Không kết nối được máy chủ/);
  });

  it('falls back to a generic text when there is neither', () => {
    const p = { ...toProblem(400, {}), code: 'brand_new_rule', title: '' };
    expect(problemMessage(p, translator)).toBe('Đã xảy ra lỗi. Vui lòng thử lại.');
  });
});
