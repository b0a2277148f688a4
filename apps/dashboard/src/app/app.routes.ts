import { Route } from '@angular/router';

export const appRoutes: Route[] = [
  { path: '', loadComponent: () => import('./system/system-page').then((m) => m.SystemPage) },
  { path: '**', redirectTo: '' },
];
