import { lazy, Suspense, useEffect, useMemo } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { SessionProvider } from '../auth/session';
import { RequireSession } from '../auth/require-session';
import { AppLayout } from './app-layout';
import { CONSOLE_THEME } from './theme';
import { FONT_PX, useFontSize } from './font-size';
import { Home } from './home';
import { useLang } from '../i18n/use-lang';

// Each screen is its own chunk: the login page does not carry the queue or the case page.
const LoginPage = lazy(() => import('../auth/login-page'));
const QueuePage = lazy(() => import('../queue/queue-page'));
const CasePage = lazy(() => import('../case/case-page'));
const IntakePage = lazy(() => import('../intake/intake-page'));
const CourtPage = lazy(() => import('../court/court-page'));
const OrgPage = lazy(() => import('../org/org-page'));
const UsersPage = lazy(() => import('../admin/users-page'));
const ChannelsPage = lazy(() => import('../admin/channels-page'));
const AuditSearchPage = lazy(() => import('../audit/audit-search-page'));
const AuditCasePage = lazy(() => import('../audit/audit-case-page'));
// ECharts lives in this chunk alone: no other screen carries it (console.md "Libraries").
const StatsPage = lazy(() => import('../stats/stats-page'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: true } },
});

const router = createBrowserRouter(
  [
    {
      path: '/login',
      element: (
        <Suspense fallback={<Spin style={{ display: 'block', margin: '20vh auto' }} />}>
          <LoginPage />
        </Suspense>
      ),
    },
    {
      element: <RequireSession />,
      children: [
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <Home queue={<QueuePage />} /> },
            { path: 'court', element: <CourtPage /> },
            { path: 'org', element: <OrgPage /> },
            { path: 'admin/users', element: <UsersPage /> },
            { path: 'admin/channels', element: <ChannelsPage /> },
            { path: 'intake', element: <IntakePage /> },
            { path: 'cases/:id', element: <CasePage /> },
            { path: 'audit', element: <AuditSearchPage /> },
            { path: 'audit/cases/:id', element: <AuditCasePage /> },
            { path: 'stats', element: <StatsPage /> },
          ],
        },
      ],
    },
  ],
  // With the trailing slash the queue's own address is `/console/?view=…`: the server answers `/console`
  // with a redirect to `/console/` that drops the query (a reload would lose the tab and the search).
  { basename: '/console/' },
);

export function App() {
  const lang = useLang();
  const fontSize = FONT_PX[useFontSize()];
  const theme = useMemo(() => ({ ...CONSOLE_THEME, token: { ...CONSOLE_THEME.token, fontSize } }), [fontSize]);
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = lang === 'en' ? 'Mediation console' : '调解工作台';
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }} theme={theme}>
      {/* Below the header bar, so a message never covers who is signed in. */}
      <AntApp message={{ top: 80 }}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
