/**
 * Case documents (api.md "Statistics and documents"; issue 12 item 3): one real case driven from intake
 * to a follow-up, each document fetched as HTML and as .docx and read back the way a person or Word
 * would. Oracles: api.md, domain.md ("Case data": masked to everyone but the owning unit), 人民调解工作
 * 若干规定 Art. 34 (the agreement's content order) and 人民调解法 Art. 29 (one original for each party and
 * one the committee keeps: 2 parties → 「本协议一式3份」).
 */
import request from 'supertest';
import { strFromU8, unzipSync } from 'fflate';
import { createAccount } from '../support/accounts';
import { COUNTY, ROOM } from '../support/case-script';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { shanghaiToday } from '../support/shanghai-today';

const KINDS = ['intake-register', 'session-record', 'agreement', 'follow-up-record', 'case-file'] as const;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ID_NUMBER = '350902198001011237';
/** domain.md / api.md: the first 6 and the last 4 characters, 8 stars between; a phone as 138****0000. */
const ID_MASKED = '350902********1237';
const PHONE = '13800000000';
const PHONE_MASKED = '138****0000';

let stack: TestStack;
let owner: string;
let mediatorId: string;
let caseId: string;
let caseNo: string;
const signedOn = shanghaiToday();
const performanceDueOn = shanghaiToday(20);
/** The printed form of a day, 2026-11-04 → 2026年11月4日 (the way Chinese documents write dates). */
const printed = (isoDate: string): string => {
  const [y, m, d] = isoDate.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

const act = async (id: string, token: string, action: string, body: object): Promise<void> => {
  const res = await request(stack.app)
    .post(`/api/v1/cases/${id}/actions/${action}`)
    .set('Authorization', `Bearer ${token}`)
    .send(body);
  expect({ action, status: res.status, detail: res.body.detail }).toEqual({ action, status: 200, detail: undefined });
};

const fetchDocument = (token: string, kind: string, query = '', id = caseId) =>
  request(stack.app)
    .get(`/api/v1/cases/${id}/documents/${kind}${query}`)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

/** The text a reader of the .docx sees: every `w:t` of the body, headers and footers, unescaped. */
function docxText(file: Buffer): { body: string; headers: string } {
  const entries = unzipSync(new Uint8Array(file));
  const text = (xml: string): string =>
    [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1]!)
      .join('')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const body = entries['word/document.xml'];
  if (!body) throw new Error('no word/document.xml in the .docx');
  const headers = Object.entries(entries)
    .filter(([name]) => /^word\/header\d*\.xml$/.test(name))
    .map(([, data]) => text(strFromU8(data)))
    .join('\n');
  return { body: text(strFromU8(body)), headers };
}

/** The text of an HTML page (tags out, entities back). */
const htmlText = (html: string): string =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

beforeAll(async () => {
  stack = await startTestStack();
  // A real account, so the documents can name the mediator as people sign: by name, not by user id.
  mediatorId = await createAccount(
    stack.app,
    await stack.token('admin', 'ND', 'admin-doc'),
    'doc.med',
    'mediator',
    ROOM,
  );
  owner = await stack.token('mediator', ROOM, mediatorId);
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${owner}`)
    .set('Idempotency-Key', runKey('documents-case'))
    .send(
      intakeBody({
        summary: '楼上漏水致楼下天花板受损 <b>损失</b> & "赔偿"',
        parties: [
          { role: 'applicant', name: '林某', idNumber: ID_NUMBER, phone: PHONE, address: '蕉城区 <1> 号' },
          { role: 'respondent', name: '陈某' },
        ],
      }),
    );
  expect(created.status).toBe(201);
  caseId = created.body.id as string;
  caseNo = created.body.caseNo as string;
  await act(caseId, owner, 'accept', { track: 'people', assigneeId: mediatorId });
});
afterAll(() => stack.close());

describe('when a document has no content yet, then 409 with a plain message', () => {
  test.each(['agreement', 'follow-up-record', 'session-record'])('%s before it exists', async (kind) => {
    const res = await request(stack.app)
      .get(`/api/v1/cases/${caseId}/documents/${kind}`)
      .set('Authorization', `Bearer ${owner}`);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/no .+ yet/);
  });
  test('and the intake register and the case file exist from acceptance on', async () => {
    expect((await fetchDocument(owner, 'intake-register')).status).toBe(200);
    expect((await fetchDocument(owner, 'case-file')).status).toBe(200);
  });
});

describe('when the case has a session, an agreement and a follow-up', () => {
  beforeAll(async () => {
    await act(caseId, owner, 'record-session', {
      heldAt: new Date().toISOString(),
      mode: 'on_site',
      attendees: ['林某', '陈某'],
      notes: '双方到场。<script>alert(1)</script>',
    });
    await act(caseId, owner, 'record-agreement', {
      terms: '陈某赔偿林某3000元',
      signedOn,
      performanceDueOn,
      obligations: [
        { party: '陈某', obligation: '向林某支付赔偿款3000元' },
        { party: '林某', obligation: '收款后出具收条' },
      ],
    });
    await act(caseId, owner, 'record-follow-up', { visitedOn: signedOn, performed: true, notes: '已按约履行' });
  });

  test.each(KINDS)('then %s is a print-ready A4 page whose CSP allows its one stylesheet', async (kind) => {
    const res = await fetchDocument(owner, kind);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = (res.body as Buffer).toString('utf8');
    const text = htmlText(html);
    expect(text).toContain(caseNo);
    expect(html).toMatch(/@page\s*{[^}]*size: A4/);
    expect(html).toContain('"Noto Serif CJK SC"');
    // The case number on every printed page: the page's running header.
    expect(html).toMatch(new RegExp(`@top-right\\s*{\\s*content: "[^"]*${caseNo}"`));
    // CSP: the stylesheet is allowed by its nonce; no script, no style attribute to be refused.
    const csp = res.headers['content-security-policy'] as string;
    const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1];
    expect(nonce).toBeDefined();
    const styleSrc = csp.split(';').find((d) => d.trim().startsWith('style-src '));
    expect(styleSrc?.split(/\s+/)).toContain(`'nonce-${nonce}'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(html).not.toMatch(/<script|\sstyle=/i);
    expect(html.match(/<style/g)).toHaveLength(1);
    // Helmet's other security headers stay.
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test.each(['intake-register', 'session-record', 'agreement', 'follow-up-record', 'case-file'])(
    'then %s names the mediator by name, never by user id',
    async (kind) => {
      const res = await request(stack.app)
        .get(`/api/v1/cases/${caseId}/documents/${kind}`)
        .set('Authorization', `Bearer ${owner}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('测试用户');
      expect(res.text).not.toContain(mediatorId);
    },
  );

  test('then user text is escaped, never markup', async () => {
    const html = ((await fetchDocument(owner, 'case-file')).body as Buffer).toString('utf8');
    expect(html).toContain('&lt;b&gt;损失&lt;/b&gt; &amp; &quot;赔偿&quot;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('蕉城区 &lt;1&gt; 号');
  });

  test('then the agreement follows Art. 34 in order, 一式3份 for 2 parties, with every signature and the seal', async () => {
    const text = htmlText(((await fetchDocument(owner, 'agreement')).body as Buffer).toString('utf8'));
    const order = [
      '当事人基本情况',
      '林某',
      '陈某',
      '纠纷简要事实',
      '楼上漏水',
      '陈某赔偿林某3000元',
      '向林某支付赔偿款3000元',
    ];
    order.push('收款后出具收条', '履行协议的方式、地点、期限', printed(performanceDueOn), '签名');
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('本协议一式3份');
    expect(text).toContain('人民调解员');
    expect(text).toContain('印章');
    expect(text).toContain(printed(signedOn));
  });

  test('then the case file has a contents page, every document, and the event list', async () => {
    const text = htmlText(((await fetchDocument(owner, 'case-file')).body as Buffer).toString('utf8'));
    const titles = ['卷内目录', '人民调解受理登记表', '调解记录', '人民调解协议书', '回访记录', '案件操作记录'];
    // Each title in the contents, then again as the part itself, in the same order.
    const contents = titles.slice(1).map((t) => text.indexOf(t, text.indexOf('卷内目录')));
    expect([...contents].sort((a, b) => a - b)).toEqual(contents);
    const parts = titles.slice(1).map((t) => text.lastIndexOf(t));
    expect([...parts].sort((a, b) => a - b)).toEqual(parts);
    const events = (
      await request(stack.app).get(`/api/v1/cases/${caseId}/timeline`).set('Authorization', `Bearer ${owner}`)
    ).body.events as Array<{ seq: number }>;
    expect(events.length).toBeGreaterThan(5);
    const list = text.slice(text.lastIndexOf('案件操作记录'));
    expect(list).toContain(`共 ${events.length} 项`);
  });

  test.each(KINDS)('then %s is an editable .docx with the case number on each page', async (kind) => {
    const res = await fetchDocument(owner, kind, '?format=docx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${caseNo}-${kind}.docx`);
    const { body, headers } = docxText(res.body as Buffer);
    expect(headers).toContain(caseNo);
    expect(body).toContain(caseNo);
    expect(body).toContain('林某');
  });

  test('then the agreement .docx says who, what, 一式3份 and when it was signed, ID in clear for the owning unit', async () => {
    const { body } = docxText((await fetchDocument(owner, 'agreement', '?format=docx')).body as Buffer);
    for (const s of ['人民调解协议书', '林某', '陈某', '陈某赔偿林某3000元', '本协议一式3份', printed(signedOn)])
      expect(body).toContain(s);
    expect(body).toContain(ID_NUMBER);
    expect(body).toContain(PHONE);
  });

  test('then a supervisor of the county above and an auditor see ID numbers and phones masked, in both formats', async () => {
    const callers = [
      await stack.token('supervisor', COUNTY, 'sup-doc'),
      await stack.token('auditor', COUNTY, 'aud-doc'),
    ];
    for (const token of callers) {
      const html = ((await fetchDocument(token, 'case-file')).body as Buffer).toString('utf8');
      const { body } = docxText((await fetchDocument(token, 'case-file', '?format=docx')).body as Buffer);
      for (const text of [html, body]) {
        expect(text).toContain(ID_MASKED);
        expect(text).toContain(PHONE_MASKED);
        expect(text).not.toContain(ID_NUMBER);
        expect(text).not.toContain(PHONE);
      }
    }
    const ownerHtml = ((await fetchDocument(owner, 'intake-register')).body as Buffer).toString('utf8');
    expect(ownerHtml).toContain(ID_NUMBER);
  });

  test("then another unit's mediator gets 404, the admin 403", async () => {
    const other = await stack.token('mediator', 'ND-JC-ZW-ROOM', 'u-other');
    const res = await fetchDocument(other, 'agreement');
    expect(res.status).toBe(404);
    const admin = await stack.token('admin', 'ND', 'admin-doc');
    expect((await fetchDocument(admin, 'agreement')).status).toBe(403);
  });

  test('then an unknown kind is 404 and format=pdf is 400 naming the query field format', async () => {
    expect((await fetchDocument(owner, 'minutes')).status).toBe(404);
    const res = await request(stack.app)
      .get(`/api/v1/cases/${caseId}/documents/agreement?format=pdf`)
      .set('Authorization', `Bearer ${owner}`);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/query/);
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['format']);
  });
});

test('when a case has about 50 events, then its case file is generated (size and time printed, not asserted)', async () => {
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${owner}`)
    .set('Idempotency-Key', runKey('documents-big-case'))
    .send(intakeBody());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await act(id, owner, 'accept', { track: 'people', assigneeId: mediatorId });
  for (let i = 0; i < 20; i++)
    await act(id, owner, 'record-session', {
      heldAt: new Date().toISOString(),
      mode: i % 2 ? 'online' : 'on_site',
      attendees: ['林某', '陈某'],
      notes: `第${i + 1}次调解：双方陈述意见，调解员释法说理。`.repeat(5),
    });
  for (let i = 0; i < 4; i++) {
    await act(id, owner, 'pause', { reason: '当事人住院' });
    await act(id, owner, 'resume', {});
  }
  await act(id, owner, 'record-agreement', {
    terms: '陈某赔偿林某3000元',
    signedOn: shanghaiToday(),
    performanceDueOn: shanghaiToday(20),
  });
  await act(id, owner, 'record-follow-up', { visitedOn: shanghaiToday(), performed: true, notes: '已履行' });
  const events = await stack.db.models.CaseEvent.countDocuments({ caseId: id });
  expect(events).toBeGreaterThanOrEqual(45);
  const measure = async (format: 'html' | 'docx') => {
    await fetchDocument(owner, 'case-file', `?format=${format}`, id); // warm-up
    const runs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await fetchDocument(owner, 'case-file', `?format=${format}`, id);
      runs.push(performance.now() - t0);
      expect(res.status).toBe(200);
      bytes = (res.body as Buffer).length;
    }
    runs.sort((a, b) => a - b);
    return { format, events, bytes, medianMs: Math.round(runs[2]!), maxMs: Math.round(runs[4]!) };
  };
  const results = [await measure('html'), await measure('docx')];
  console.log(
    `case-file generation (${events} events, 20 sessions, request round trip over supertest):\n${results
      .map((r) => `  ${r.format}: ${r.bytes} bytes, median ${r.medianMs} ms, max ${r.maxMs} ms of 5`)
      .join('\n')}`,
  );
});
