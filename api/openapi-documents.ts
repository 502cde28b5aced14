/** The OpenAPI path of a case's documents (api.md "Statistics and documents"; api/routes/documents.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../domain/documents/document-model';
import { DOCX_TYPE } from './documents/docx-document';
import { documentQuerySchema } from './routes/documents';

type Response = NonNullable<RouteConfig['responses']>[string];

export function registerDocumentPaths(
  path: (config: RouteConfig) => void,
  problems: (...statuses: number[]) => Record<string, Response>,
): void {
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/documents/{kind}',
    operationId: 'getCaseDocument',
    summary: "A case document, generated from the case's events",
    description:
      '`intake-register` 人民调解受理登记表, `session-record` 调解记录 (a page per session), `agreement` 人民调解协议书 (人民调解工作若干规定 Art. 34 order; 「本协议一式 N 份」 with N = parties + 1), `follow-up-record` 回访记录 (a page per visit), `case-file` 卷宗 (contents, every document that exists, the event list). For whoever may see the case; resident ID numbers and phones in clear only for the owning unit, masked otherwise. A document whose content does not exist yet (no session, agreement or follow-up) is 409. HTML is A4 print-ready, served with its own `Content-Security-Policy` (no script; its stylesheet by nonce); docx is an attachment named `<caseNo>-<kind>.docx`.',
    request: {
      params: z.object({
        id: z.string().meta({ description: 'case id' }),
        kind: z.enum(DOCUMENT_KINDS),
      }),
      query: documentQuerySchema,
    },
    responses: {
      200: {
        description: 'the document',
        content: {
          'text/html; charset=utf-8': { schema: z.string().meta({ description: 'format=html (the default)' }) },
          [DOCX_TYPE]: { schema: z.string().meta({ format: 'binary', description: 'format=docx' }) },
        },
      },
      ...problems(400, 401, 403, 404, 409, 429, 503),
    },
  });
}
