/**
 * The browser build's entry (`/static/mcp-sdk.js`): bundled as an IIFE whose exports
 * become the global `MCP`, so the original's snippet works as written:
 *
 *   const client = MCP.createClient({ baseUrl: '' });
 *   const dashboard = MCP.createServiceDashboard(client, { container: document.getElementById('dashboard') });
 *   await dashboard.init();
 */
export { createClient, McpClient, type McpClientOptions, type ServiceConfig, type ServiceType } from './mcp-client';
export { createServiceDashboard, type ServiceDashboard, type ServiceDashboardOptions } from './service-dashboard';
export { McpApiError } from './mcp-api-error';
export { pageToken, TOKEN_STORAGE_KEY } from './page-token';
