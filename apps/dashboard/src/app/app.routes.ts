import { Route } from '@angular/router';

export const appRoutes: Route[] = [
  { path: '', loadComponent: () => import('./overview/overview-page').then((m) => m.OverviewPage) },
  { path: 'alerts', loadComponent: () => import('./alerts/alerts-page').then((m) => m.AlertsPage) },
  { path: '**', redirectTo: '' },
];
