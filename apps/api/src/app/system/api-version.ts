/** The API's version, in the OpenAPI document, /api/mcp/status and the MCP server's identity. */
export const API_VERSION = '1.0.0';
