import { Route, Router, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createEffect, lazy, onMount, Show } from 'solid-js';
import { setLocale, locale, t } from './i18n';
import { StatusBar } from './components/StatusBar';
import { refreshTemplates } from './state/templates';
import { lastRoute, rememberRoute } from './state/resume';
import { InspectionList } from './routes/InspectionList';
import { SyncIndicator } from './components/SyncIndicator';
import { startSync } from './state/sync';
import { whenSettled } from './state/background';

// The list is the first screen and ships in the shell; the rest load on demand
// (and are precached by the service worker, so they are there offline).
const NewInspection = lazy(() => import('./routes/NewInspection'));
const InspectionShell = lazy(() => import('./routes/InspectionShell'));
const InspectionView = lazy(() => import('./routes/InspectionView'));
const RoomView = lazy(() => import('./routes/RoomView'));
const Summary = lazy(() => import('./routes/Summary'));
const Sign = lazy(() => import('./routes/Sign'));
const Report = lazy(() => import('./routes/Report'));
const Login = lazy(() => import('./routes/Login'));
const Account = lazy(() => import('./routes/Account'));
const Office = lazy(() => import('./routes/Office'));

function Layout(props: RouteSectionProps) {
  const location = useLocation();
  const navigate = useNavigate();
  onMount(() => {
    // Reopening the app resumes where the inspector was (room and item).
    if (location.pathname === '/')
      void lastRoute().then((resume) => {
        // Only if the user has not moved on while we were reading.
        if (resume && resume !== '/' && location.pathname === '/') navigate(resume, { replace: true });
      });
    // Templates are needed only to start an inspection, fonts only for a PDF: fetch them
    // once the first screen has settled and the browser is idle, not in its way.
    const refresh = () => {
      void refreshTemplates().then((errors) => errors.forEach((e) => console.error(e)));
      // The chunk can fail to load during a reload while a new service worker takes control.
      void import('./state/font-warmup').then(
        (m) => m.warmFonts(),
        () => undefined,
      );
    };
    // The header shows the account at once, and a first sync starts.
    void startSync();
    whenSettled(refresh);
  });
  createEffect(() => rememberRoute(location.pathname));
  return (
    <>
      <header class="app-header">
        <a class="brand" href="/" title={t('nav.home')}>
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>{t('app.name')}</span>
        </a>
        <SyncIndicator />
        <button
          type="button"
          class="lang"
          lang={locale() === 'zh-CN' ? 'en' : 'zh-CN'}
          title={t('lang.switchLabel')}
          onClick={() => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('lang.switch')}
        </button>
      </header>
      <StatusBar />
      <main class="app-main">
        <Show when={props.children}>{props.children}</Show>
      </main>
    </>
  );
}

export function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={InspectionList} />
      <Route path="/new" component={NewInspection} />
      {/* One inspection's screens share its state, read once by the parent. */}
      <Route path="/i/:id" component={InspectionShell}>
        <Route path="/" component={InspectionView} />
        <Route path="/r/:roomId" component={RoomView} />
        <Route path="/summary" component={Summary} />
        <Route path="/sign" component={Sign} />
        <Route path="/report" component={Report} />
      </Route>
      <Route path="/login" component={Login} />
      <Route path="/account" component={Account} />
      <Route path="/office" component={Office} />
      <Route path="*" component={InspectionList} />
    </Router>
  );
}
