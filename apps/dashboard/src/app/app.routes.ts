import { Route } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';

export const appRoutes: Route[] = [
  { path: '', loadComponent: () => import('./overview/overview-page').then((m) => m.OverviewPage) },
  { path: 'fleet', loadComponent: () => import('./fleet/fleet-page').then((m) => m.FleetPage) },
  { path: 'alerts', loadComponent: () => import('./alerts/alerts-page').then((m) => m.AlertsPage) },
  {
    path: 'services/:name',
    loadComponent: () => import('./service-page/service-page').then((m) => m.ServicePage),
    // ECharts (only the parts the charts use) loads with the first chart, not with the app.
    providers: [provideEchartsCore({ echarts: () => import('./service-page/echarts-setup').then((m) => m.echarts) })],
  },
  { path: '**', redirectTo: '' },
];
