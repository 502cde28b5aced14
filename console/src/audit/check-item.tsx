/** One check's outcome: icon, colour and words, never colour alone. */
import { Flex, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, MinusCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';

export function CheckItem({
  ok,
  label,
  detail,
  testId,
}: {
  /** null: the check could not be made (not a failure, not a pass). */
  ok: boolean | null;
  label: string;
  detail?: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} align="flex-start" data-testid={testId} data-ok={ok === null ? 'unknown' : ok ? 'true' : 'false'}>
      {ok === null ? (
        <MinusCircleFilled style={{ color: '#595959', fontSize: '1.2em', marginTop: 3 }} aria-hidden />
      ) : ok ? (
        <CheckCircleFilled style={{ color: '#389e0d', fontSize: '1.2em', marginTop: 3 }} aria-hidden />
      ) : (
        <CloseCircleFilled style={{ color: '#cf1322', fontSize: '1.2em', marginTop: 3 }} aria-hidden />
      )}
      <Flex vertical>
        <Typography.Text>
          {label}：
          <Typography.Text strong style={{ color: ok === null ? '#434343' : ok ? '#237804' : '#a8071a' }}>
            {ok === null ? t('auditNotCheckable') : ok ? t('auditPass') : t('auditFail')}
          </Typography.Text>
        </Typography.Text>
        {detail && <Typography.Text type="secondary">{detail}</Typography.Text>}
      </Flex>
    </Flex>
  );
}
