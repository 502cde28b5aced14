/** One check's outcome: icon, colour and words, never colour alone. */
import { Flex, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';

export function CheckItem({
  ok,
  label,
  detail,
  testId,
}: {
  ok: boolean;
  label: string;
  detail?: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} align="flex-start" data-testid={testId} data-ok={ok ? 'true' : 'false'}>
      {ok ? (
        <CheckCircleFilled style={{ color: '#389e0d', fontSize: '1.2em', marginTop: 3 }} aria-hidden />
      ) : (
        <CloseCircleFilled style={{ color: '#cf1322', fontSize: '1.2em', marginTop: 3 }} aria-hidden />
      )}
      <Flex vertical>
        <Typography.Text>
          {label}：
          <Typography.Text strong style={{ color: ok ? '#237804' : '#a8071a' }}>
            {ok ? t('auditPass') : t('auditFail')}
          </Typography.Text>
        </Typography.Text>
        {detail && <Typography.Text type="secondary">{detail}</Typography.Text>}
      </Flex>
    </Flex>
  );
}
