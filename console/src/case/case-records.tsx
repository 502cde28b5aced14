/** What was done on the case: sessions, the agreement (with its court confirmation), follow-up visits. */
import { Card, Descriptions, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/client';
import type { Agreement, FollowUp, Session } from '../../../domain/case-types';
import { formatDay, formatInstant } from '../components/format';
import { useLang } from '../i18n/use-lang';
import { useUserNames } from '../components/names';
import { useOrgUnitNames } from '../org/org-api';

export function CaseRecords({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const users = useUserNames();
  const units = useOrgUnitNames();
  const sessions = (view.sessions as Session[] | undefined) ?? [];
  const agreement = (view.agreement as Agreement | null | undefined) ?? null;
  const followUps = (view.followUps as FollowUp[] | undefined) ?? [];
  const who = (id: string) => users.data?.get(id) ?? id;
  // Before acceptance there is nothing to record: no empty card to scroll past.
  const sessionsDue = sessions.length > 0 || view.stage === 'accepted' || view.stage === 'in_mediation';
  return (
    <>
      {sessionsDue && (
        <Card title={`${t('sessions')}（${sessions.length}）`} data-testid="sessions">
          {sessions.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noSessions')} />
          ) : (
            <List
              dataSource={sessions}
              renderItem={(s, i) => (
                <List.Item data-testid="session">
                  <List.Item.Meta
                    title={
                      <>
                        {`${i + 1}. ${formatInstant(s.heldAt, lang)} `}
                        <Tag>{s.mode === 'online' ? t('afModeOnline') : t('afModeOnSite')}</Tag>
                        <Typography.Text type="secondary">{who(s.recordedBy)}</Typography.Text>
                      </>
                    }
                    description={
                      <>
                        {s.attendees.length > 0 && (
                          <div>
                            {t('afAttendees')}：{s.attendees.join('、')}
                          </div>
                        )}
                        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                          {s.notes || '—'}
                        </Typography.Paragraph>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
      {agreement && (
        <Card title={t('agreement')} data-testid="agreement">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('signedOn')}>{formatDay(agreement.signedOn, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('performanceDueOn')}>
              {agreement.performanceDueOn ? formatDay(agreement.performanceDueOn, lang) : '—'}
            </Descriptions.Item>
            {agreement.confirmation && (
              <Descriptions.Item label={t('confirmation')}>
                {units.data?.get(agreement.confirmation.courtId) ?? agreement.confirmation.courtId} ·{' '}
                {agreement.confirmation.decision === 'confirmed' ? t('afConfirmed') : t('afRejected')} ·{' '}
                {formatDay(agreement.confirmation.ruledOn, lang)}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{agreement.terms}</Typography.Paragraph>
          {agreement.obligations.length > 0 && (
            <List
              size="small"
              header={t('afObligations')}
              dataSource={agreement.obligations}
              renderItem={(o) => (
                <List.Item>
                  <Typography.Text strong>{o.party}</Typography.Text>：{o.obligation}
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
      {(agreement || followUps.length > 0) && (
        <Card title={`${t('followUps')}（${followUps.length}）`} data-testid="follow-ups">
          {followUps.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noFollowUps')} />
          ) : (
            <List
              dataSource={followUps}
              renderItem={(f) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <>
                        {formatDay(f.visitedOn, lang)}{' '}
                        <Tag color={f.performed ? 'green' : 'orange'}>
                          {f.performed ? t('afPerformedYes') : t('afPerformedNo')}
                        </Tag>
                        <Typography.Text type="secondary">{who(f.recordedBy)}</Typography.Text>
                      </>
                    }
                    description={f.notes || '—'}
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </>
  );
}
