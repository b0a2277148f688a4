import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { API_TOKEN, type ApiToken } from './api-token';
import { IS_PUBLIC } from './public.decorator';
import { hasValidToken } from './token-check';

export interface AuthenticatedRequest extends Request {
  /** Set by the guard: whether the request carried the valid token. */
  authenticated?: boolean;
}

export const TOKEN_REQUIRED_MESSAGE = 'A valid API token is required: send "Authorization: Bearer <token>"';

/** Every route needs the token, except those marked @Public(). */
@Injectable()
export class TokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_TOKEN) private readonly token: ApiToken,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.authenticated = hasValidToken(req, this.token.value);
    if (req.authenticated) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="ipfs-kit"');
    throw new UnauthorizedException(TOKEN_REQUIRED_MESSAGE);
  }
}
