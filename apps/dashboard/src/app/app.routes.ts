import { Route } from '@angular/router';

export const appRoutes: Route[] = [
  { path: '', loadComponent: () => import('./services/services-page').then((m) => m.ServicesPage) },
  { path: '**', redirectTo: '' },
];
