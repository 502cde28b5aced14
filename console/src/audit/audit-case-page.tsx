/** S6 审计 for one case: the timeline, the time slider, verification and the re-verified export. */
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Flex, Result, Row, Skeleton, Space, Typography, Watermark } from 'antd';
import { ArrowLeftOutlined, FileTextOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/http';
import { useSession } from '../auth/session';
import { useUserNames } from '../components/names';
import { useServerNow } from '../components/use-server-now';
import { useLang } from '../i18n/use-lang';
import { useOrgUnitNames } from '../org/org-api';
import { formatInstant } from '../components/format';
import { useTimeline, type VerifyReport } from './audit-api';
import type { ExportCheck } from './chain-check';
import { eventInstants } from './state-diff';
import { TimeTravel } from './time-travel';
import { TimelineTable, scrollToSeq } from './timeline-table';
import { VerifyPanel } from './verify-panel';
import { ExportPanel } from './export-panel';

/** Who sees this screen (console.md S6): the slider for both, verification and export for the auditor. */
export const AUDIT_ROLES = ['auditor', 'supervisor'] as const;

export default function AuditCasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { me } = useSession();
  const now = useServerNow();
  const timeline = useTimeline(id);
  const users = useUserNames();
  const units = useOrgUnitNames();
  const instants = useMemo(() => eventInstants(timeline.data?.events ?? []), [timeline.data]);
  const [picked, setPicked] = useState<number | null>(null);
  const [serverReport, setServerReport] = useState<VerifyReport | null>(null);
  const [browserCheck, setBrowserCheck] = useState<ExportCheck | null>(null);
  const [focusSeq, setFocusSeq] = useState<{ seq: number } | null>(null);
  const index = picked ?? Math.max(instants.length - 1, 0);
  const auditor = me?.role === 'auditor';

  const badSeqs = useMemo(() => {
    const s = new Set<number>();
    for (const p of [...(serverReport?.problems ?? []), ...(browserCheck?.problems ?? [])])
      if (p.seq !== null) s.add(p.seq);
    if (serverReport?.firstBadSeq) s.add(serverReport.firstBadSeq);
    if (browserCheck?.firstBadSeq) s.add(browserCheck.firstBadSeq);
    return s;
  }, [serverReport, browserCheck]);

  useEffect(() => {
    if (focusSeq) scrollToSeq(focusSeq.seq);
  }, [focusSeq]);

  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => void navigate('/audit')}
      style={{ paddingInline: 0, alignSelf: 'flex-start' }}
    >
      {t('auditBackToSearch')}
    </Button>
  );
  if (me && !(AUDIT_ROLES as readonly string[]).includes(me.role))
    return <Result status="403" title={t('auditNotForRole')} />;
  if (timeline.isPending) return <Skeleton active />;
  if (timeline.isError) {
    const status = timeline.error instanceof ApiError ? timeline.error.status : 0;
    return (
      <Result
        status={status === 404 || status === 403 ? '404' : 'error'}
        title={status === 404 || status === 403 ? t('notFound') : t('loadFailed')}
        subTitle={status === 404 || status === 403 ? undefined : (timeline.error as Error).message}
        extra={back}
      />
    );
  }
  const { caseNo, events } = timeline.data;
  const userName = (uid: string) => users.data?.get(uid) ?? null;
  const unitName = (oid: string) => units.data?.get(oid) ?? null;
  const showSeq = (seq: number) => setFocusSeq({ seq });
  const onServer = (r: VerifyReport) => {
    setServerReport(r);
    if (r.firstBadSeq !== null) showSeq(r.firstBadSeq);
  };
  const onBrowser = (c: ExportCheck) => {
    setBrowserCheck(c);
    if (c.firstBadSeq !== null) showSeq(c.firstBadSeq);
  };
  const replayAt = (at: string) => {
    const i = instants.findIndex((x) => x.at === at);
    if (i >= 0) setPicked(i);
    document.querySelector('[data-testid="time-travel"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  return (
    <Watermark
      content={[me?.name ?? '', formatInstant(new Date(now).toISOString(), lang)]}
      font={{ color: 'rgba(0,0,0,.06)' }}
    >
      <Flex vertical gap={12}>
        {back}
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="audit-title">
            {t('auditCaseTitle', { caseNo })}
          </Typography.Title>
          <Space>
            <Link to={`/cases/${id}`}>
              <Space size={4}>
                <FileTextOutlined />
                {t('auditOpenCase')}
              </Space>
            </Link>
          </Space>
        </Flex>
        <TimeTravel
          caseId={id}
          instants={instants}
          index={index}
          onIndex={setPicked}
          userName={userName}
          unitName={unitName}
        />
        {auditor && (
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <VerifyPanel caseId={id} onResult={onServer} onSeq={showSeq} />
            </Col>
            <Col xs={24} xl={12}>
              <ExportPanel caseId={id} caseNo={caseNo} onResult={onBrowser} onSeq={showSeq} />
            </Col>
          </Row>
        )}
        <Card
          title={
            <Space>
              <UnorderedListOutlined />
              {t('auditTimeline', { n: events.length })}
            </Space>
          }
        >
          <TimelineTable
            events={events}
            badSeqs={badSeqs}
            selectedAt={instants[index]?.at}
            onReplay={replayAt}
            userName={userName}
            unitName={unitName}
          />
        </Card>
      </Flex>
    </Watermark>
  );
}
