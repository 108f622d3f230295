import { createBrowserRouter } from 'react-router'
import { RequireAuth } from './modules/auth/components/RequireAuth'
import { ErrorPage } from './pages/ErrorPage'
import { HomeRedirect } from './pages/HomeRedirect'
import { LoginPage } from './pages/LoginPage'
import { NotFoundPage } from './pages/NotFoundPage'
import { PublicLayout } from './pages/PublicLayout'
import { QueuePage } from './pages/QueuePage'
import { StaffLayout } from './pages/StaffLayout'
import { TrackPage } from './pages/TrackPage'

// Heavy screens load on demand: the map (leaflet) and the charts (echarts) stay out of the first
// download, which matters most on the citizen's phone (/track).
const newAppealPage = async () => ({ Component: (await import('./pages/NewAppealPage')).NewAppealPage })
const appealPage = async () => ({ Component: (await import('./pages/AppealPage')).AppealPage })
const dashboardPage = async () => ({ Component: (await import('./pages/DashboardPage')).DashboardPage })
const reviewPage = async () => ({ Component: (await import('./pages/ReviewPage')).ReviewPage })
const deadLettersPage = async () => ({
  Component: (await import('./pages/DeadLettersPage')).DeadLettersPage,
})
const controlPage = async () => ({ Component: (await import('./pages/ControlPage')).ControlPage })
const notificationsPage = async () => ({
  Component: (await import('./pages/NotificationsPage')).NotificationsPage,
})
const orgsPage = async () => ({ Component: (await import('./pages/OrgsPage')).OrgsPage })
const matrixPage = async () => ({ Component: (await import('./pages/MatrixPage')).MatrixPage })
const calendarPage = async () => ({ Component: (await import('./pages/CalendarPage')).CalendarPage })
const submitPage = async () => ({ Component: (await import('./pages/SubmitPage')).SubmitPage })

/** All routes; the server answers every non-API path with index.html, so each works on reload. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <ErrorPage /> },
  {
    element: <PublicLayout />,
    errorElement: <ErrorPage />,
    children: [
      { path: '/track', element: <TrackPage /> },
      { path: '/track/:regNumber', element: <TrackPage /> },
      { path: '/submit', lazy: submitPage },
    ],
  },
  {
    element: <RequireAuth />,
    errorElement: <ErrorPage />,
    children: [
      {
        element: <StaffLayout />,
        children: [
          {
            // Inside the layout, so a failing page keeps the header and navigation.
            errorElement: <ErrorPage />,
            children: [
              { path: '/', element: <HomeRedirect /> },
              {
                element: <RequireAuth area="queue" />,
                children: [{ path: '/queue', element: <QueuePage /> }],
              },
              {
                element: <RequireAuth area="register" />,
                children: [{ path: '/appeals/new', lazy: newAppealPage }],
              },
              { path: '/appeals/:id', lazy: appealPage },
              {
                element: <RequireAuth area="dashboard" />,
                children: [{ path: '/dashboard', lazy: dashboardPage }],
              },
              {
                element: <RequireAuth area="review" />,
                children: [{ path: '/review', lazy: reviewPage }],
              },
              {
                element: <RequireAuth area="deadLetters" />,
                children: [{ path: '/dead-letters', lazy: deadLettersPage }],
              },
              {
                element: <RequireAuth area="control" />,
                children: [{ path: '/control', lazy: controlPage }],
              },
              { path: '/notifications', lazy: notificationsPage },
              {
                element: <RequireAuth area="orgs" />,
                children: [
                  { path: '/orgs', lazy: orgsPage },
                  { path: '/matrix', lazy: matrixPage },
                ],
              },
              {
                element: <RequireAuth area="calendar" />,
                children: [{ path: '/calendar', lazy: calendarPage }],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
])
