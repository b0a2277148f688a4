import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/**
 * The two forms a config's `host` takes. `socket`: what a TCP connect takes (ftp, sshfs):
 * a host name, IPv4, or IPv6 with or without brackets. `url`: what goes into a URL's
 * authority (ipfs builds http://host:port): a host name that starts and ends with a
 * letter or digit, IPv4, or IPv6 in brackets.
 */
const HOST_PATTERNS = {
  socket: /^[A-Za-z0-9._:[\]-]+$/,
  url: /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/,
} as const;

/** Longest DNS name (RFC 1035). */
const MAX_HOST_LENGTH = 253;

/**
 * The one check of a `host` config field: a string, not empty, at most 253 characters,
 * of the given form. `without` ends the message, e.g. 'scheme, port or path'.
 */
export function IsHost(form: keyof typeof HOST_PATTERNS, without: string): PropertyDecorator {
  return applyDecorators(
    IsString(),
    IsNotEmpty(),
    MaxLength(MAX_HOST_LENGTH),
    Matches(HOST_PATTERNS[form], { message: `host must be a host name or IP address, without ${without}` }),
  );
}
