/**
 * 「文书」 on the case page (console.md "Beyond the anchors" 5): the five documents, each to print (the
 * A4 HTML in a new tab, printed with the browser's own dialog) or to download as Word. A document whose
 * content does not exist yet stays listed, disabled, with the reason; the case view says which, so the
 * menu asks the API nothing. Plain links: the session cookie goes with them (same origin), and a
 * middle click or 「复制链接」 works as on any link. antd's menu moves between them with the arrow keys.
 */
import { Button, Dropdown, Typography, theme, type MenuProps } from 'antd';
import { DownOutlined, FileTextOutlined, FileWordOutlined, PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/client';
import { labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { DOCUMENT_LABELS, caseDocumentStates, documentHref } from './case-documents';

/**
 * Enter on a menu item follows its link. The menu first focuses the item, not the link inside it, and
 * antd turns Enter there into a menu click that would only close the menu. Enter on the link itself and
 * every mouse click are the link's own (its ::after covers the whole item), so they are left alone.
 */
const followFromKeyboard: NonNullable<MenuProps['onClick']> = ({ domEvent }) => {
  if (domEvent.type === 'keydown' && domEvent.target === domEvent.currentTarget)
    domEvent.currentTarget.querySelector('a')?.click();
};

export function CaseDocumentsMenu({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { token } = theme.useToken();

  const items: MenuProps['items'] = caseDocumentStates(view).map(({ kind, missing }) => {
    const name = labelOf(DOCUMENT_LABELS, kind, lang);
    return {
      type: 'group',
      key: kind,
      // The group's own title colour is too faint to read (3.4:1): the document's name is what is looked for.
      label: (
        <Typography.Text strong data-testid={`document-${kind}`}>
          {name}
        </Typography.Text>
      ),
      children: missing
        ? [
            {
              key: `${kind}:missing`,
              disabled: true,
              icon: <StopOutlined />,
              // Darker than antd's disabled grey: the reason is meant to be read.
              label: (
                <span data-missing={kind} style={{ color: token.colorTextSecondary }}>
                  {t(missing)}
                </span>
              ),
            },
          ]
        : [
            {
              key: `${kind}:html`,
              icon: <PrinterOutlined />,
              label: (
                <a
                  href={documentHref(view.id, kind, 'html')}
                  target="_blank"
                  rel="noopener noreferrer"
                  aria-label={`${t('docPrint')} ${name}`}
                  data-document={kind}
                  data-format="html"
                >
                  {t('docPrint')}
                </a>
              ),
            },
            {
              key: `${kind}:docx`,
              icon: <FileWordOutlined />,
              label: (
                <a
                  href={documentHref(view.id, kind, 'docx')}
                  download
                  aria-label={`${t('docDownloadWord')} ${name}`}
                  data-document={kind}
                  data-format="docx"
                >
                  {t('docDownloadWord')}
                </a>
              ),
            },
          ],
    };
  });

  // The hint is part of the menu (a group with no items), so antd's menu keeps the focus and the arrow keys.
  items.push(
    { type: 'divider' },
    {
      type: 'group',
      key: 'hint',
      label: (
        <Typography.Text type="secondary" style={{ display: 'block', maxWidth: 280, whiteSpace: 'normal' }}>
          {t('docPrintHint')}
        </Typography.Text>
      ),
    },
  );
  return (
    <Dropdown menu={{ items, onClick: followFromKeyboard }} trigger={['click']} placement="bottomRight" autoFocus>
      <Button icon={<FileTextOutlined />} autoInsertSpace={false} data-testid="documents-button">
        {t('docMenu')}
        <DownOutlined />
      </Button>
    </Dropdown>
  );
}
