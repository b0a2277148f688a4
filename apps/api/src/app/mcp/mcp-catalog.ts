export const MCP_SERVER_NAME = 'ipfs-kit';

/**
 * The protocol revision the v2 SDK serves on its per-request (stateless) path; the SDK
 * does not export it as a constant. 2025 revisions are served by its stateless fallback.
 */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';

/** The resources and prompts the server offers, as /api/mcp/status lists them. */
export const MCP_RESOURCES = ['ipfs-kit://services', 'ipfs-kit://services/{name}', 'ipfs-kit://services/{name}/history'] as const;
export const MCP_PROMPTS = ['diagnose_service', 'capacity_report'] as const;
