/**
 * `GET /api/v1/cases/:id/documents/:kind?format=html|docx` (api.md "Statistics and documents"): the case's
 * documents for whoever may see the case, personal data shown exactly as on screen (`presentCase`,
 * `presentEventData`): in clear for the owning unit, masked for everyone else.
 */
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { buildCaseDocument } from '../../domain/documents/case-documents';
import {
  DOCUMENT_KINDS,
  type DocumentEvent,
  type DocumentInput,
  type DocumentKind,
} from '../../domain/documents/document-model';
import type { Models } from '../../db/models';
import { eventCollection } from '../../db/models';
import type { OrgTree } from '../../db/org-units';
import { requireCaller, type Caller } from '../auth';
import { findVisibleCase } from '../case-access';
import { AppError } from '../errors';
import { isOwningUnit, presentCase, presentEventData } from '../present';
import type { PiiVault } from '../pii-vault';
import { parse } from '../validate';
import { DOCX_TYPE, renderDocxDocument } from '../documents/docx-document';
import { documentCsp, renderHtmlDocument } from '../documents/html-document';
import { readCaseEvents } from '../../db/case-event-reads';

export const documentQuerySchema = z.strictObject({
  format: z
    .enum(['html', 'docx'])
    .default('html')
    .meta({ description: 'print-ready A4 HTML (default) or an editable Word file' }),
});

const isDocumentKind = (kind: string): kind is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(kind);

export function documentRoutes(deps: { models: Models; orgTree: () => OrgTree; vault: PiiVault }): Router {
  const router = Router();

  /** What the documents are made of, as this caller may see it. */
  async function documentInput(caller: Caller, id: string): Promise<DocumentInput> {
    const tree = deps.orgTree();
    const view = await findVisibleCase(deps.models, tree, caller, id);
    const owning = isOwningUnit(caller, view);
    const shown = presentCase(view, caller, deps.vault);
    const stored = await readCaseEvents(eventCollection(deps.models), view.id, view.version);
    // Staff by name on paper: whoever acted on the case, and its assignee.
    const ids = [...new Set([...stored.map((e) => e.actor.id), ...(view.assigneeId ? [view.assigneeId] : [])])];
    const accounts = await deps.models.User.find({ _id: { $in: ids } }, { name: 1 }).lean();
    const names = new Map(accounts.map((a) => [a._id, a.name]));
    return {
      view,
      parties: shown.parties.map((p) => ({
        role: p.role,
        name: p.name,
        idNumber: p.idNumber ?? p.idNumberMasked,
        phone: p.phone ?? p.phoneMasked,
        address: p.address ?? null,
        minor: p.minor === true,
        guardian: p.guardian ? { name: p.guardian.name, phone: p.guardian.phone ?? p.guardian.phoneMasked } : null,
      })),
      events: stored.map(
        (e) =>
          ({
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            reason: e.reason,
            type: e.type,
            data: presentEventData(e.data, owning, deps.vault),
          }) as DocumentEvent,
      ),
      unitName: (unitId) => tree.get(unitId)?.name ?? unitId,
      personName: (userId) => names.get(userId) ?? userId,
      generatedAt: new Date().toISOString(),
    };
  }

  router.get('/cases/:id/documents/:kind', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role === 'admin') throw new AppError('forbidden', 'the admin role has no access to cases');
    const kind = String(req.params.kind);
    const { format } = parse(documentQuerySchema, req.query, 'query');
    if (!isDocumentKind(kind)) throw new AppError('not_found', `no document ${kind}`);
    const built = buildCaseDocument(kind, await documentInput(caller, String(req.params.id)));
    // 409 `conflict`: the request is sound, the case is not there yet (as a closed unit refuses a case).
    if (!built.ok) throw new AppError('conflict', built.reason);
    const doc = built.document;
    // The documents carry personal data: no shared or browser cache keeps them.
    res.set('Cache-Control', 'no-store');
    if (format === 'docx') {
      const file = await renderDocxDocument(doc);
      const name = `${doc.caseNo}-${kind}.docx`;
      res
        .type(DOCX_TYPE)
        .set(
          'Content-Disposition',
          `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(file);
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    res
      .type('text/html; charset=utf-8')
      .set('Content-Security-Policy', documentCsp(nonce))
      .send(renderHtmlDocument(doc, nonce));
  });

  return router;
}
