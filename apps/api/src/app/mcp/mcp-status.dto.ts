import { ApiProperty } from '@nestjs/swagger';

export class McpTransportDto {
  @ApiProperty({ enum: ['streamable-http', 'stdio'] })
  type!: 'streamable-http' | 'stdio';

  @ApiProperty({ example: '/mcp', description: 'The URL path (HTTP) or the command (stdio).' })
  endpoint!: string;

  @ApiProperty({ example: 'Authorization: Bearer <the API token>' })
  auth!: string;
}

/** The original's /api/mcp/status fields, plus the real MCP server's. */
export class McpStatusDto {
  @ApiProperty({ example: 'running' })
  status!: string;

  @ApiProperty({ example: '1.0.0' })
  version!: string;

  @ApiProperty()
  metadata_directory!: string;

  @ApiProperty()
  services_count!: number;

  @ApiProperty({ description: 'Seconds since the API started.' })
  uptime_s!: number;

  @ApiProperty({ format: 'date-time' })
  started_at!: string;

  @ApiProperty({ type: [String], description: 'Service types with an installed driver.' })
  backend_types!: string[];

  @ApiProperty({ type: [String], description: 'Services with a scheduled health check.' })
  scheduled_checks!: string[];

  @ApiProperty({ example: 'v22.23.3' })
  node_version!: string;

  @ApiProperty({ example: 'ipfs-kit', description: "The MCP server's name." })
  server_name!: string;

  @ApiProperty({ example: '2026-07-28', description: 'The newest MCP protocol revision served.' })
  protocol_version!: string;

  @ApiProperty({ type: [String], description: 'Every MCP protocol revision served (2025 revisions over the stateless fallback).' })
  supported_protocol_versions!: string[];

  @ApiProperty({ example: '@modelcontextprotocol/server 2.4.0' })
  sdk!: string;

  @ApiProperty({ type: [McpTransportDto] })
  transports!: McpTransportDto[];

  @ApiProperty({ type: [String], description: 'Tool names, the original names (aliases) included.' })
  tools!: string[];

  @ApiProperty({ type: [String], description: 'Resource URIs and templates.' })
  resources!: string[];

  @ApiProperty({ type: [String] })
  prompts!: string[];

  @ApiProperty({
    description:
      'Open MCP sessions over HTTP. The 2026-07-28 revision is stateless (no session ids): the open subscriptions/listen streams are the only long-lived exchanges, counted here.',
  })
  open_sessions!: number;

  @ApiProperty({ description: 'MCP HTTP requests answered since the API started.' })
  requests_served!: number;
}
