/** 「登记」 in the queue header, for the roles that may file a case (mediator, supervisor). */
import { Button } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session';

export function IntakeButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useSession();
  if (me?.role !== 'mediator' && me?.role !== 'supervisor') return null;
  return (
    <Button icon={<FormOutlined />} data-testid="intake-button" onClick={() => void navigate('/intake')}>
      {t('intakeNew')}
    </Button>
  );
}
