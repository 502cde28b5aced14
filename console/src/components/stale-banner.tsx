/** A list whose refresh (or next page) failed keeps the rows it has; this says so, with a retry, rather
 * than leave old rows looking current. */
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

export function StaleBanner({ failed, onRetry }: { failed: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  if (!failed) return null;
  return (
    <Alert
      type="warning"
      showIcon
      title={t('listStale')}
      action={
        <Button size="small" onClick={onRetry}>
          {t('retry')}
        </Button>
      }
      data-testid="stale-banner"
    />
  );
}
