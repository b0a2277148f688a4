import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AddressInfo } from 'node:net';
import { ownOriginsOf } from '../http/cors-policy';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { McpHttpEndpoint } from './mcp-http.endpoint';
import { foreignRequestReason } from './mcp-request-origin';

/**
 * `/mcp` (outside the /api prefix, as MCP clients expect): the token guard applies as on
 * every route (401), then Host and Origin are checked (403), then the SDK answers.
 */
@ApiBearerAuth()
@Controller()
export class McpHttpController {
  constructor(
    private readonly endpoint: McpHttpEndpoint,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  @All('mcp')
  @ApiExcludeEndpoint()
  async serve(@Req() req: Request, @Res() res: Response): Promise<void> {
    const address = req.socket.localPort ?? (req.socket.address() as AddressInfo).port;
    const refused = foreignRequestReason(req, ownOriginsOf(this.settings.host, address), this.settings.corsOrigins, this.settings.host);
    if (refused) {
      res.status(403).json({ statusCode: 403, error: 'Forbidden', message: refused });
      return;
    }
    await this.endpoint.handle(req, res, req.body);
  }
}
