import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SecretRedactor } from '../store/secret-redactor';
import { logText } from './log-text';

const logger = new Logger('Process');

/** What was recorded about one fault the process survived. */
export interface ProcessFault {
  kind: 'unhandledRejection' | 'uncaughtException';
  id: string;
  message: string;
}

/** The faults recorded since start (the last few), for tests and diagnostics. */
const recent: ProcessFault[] = [];
const KEPT = 20;

let installed = false;

/**
 * Records every unhandled promise rejection and uncaught exception through the
 * redacting logger (secrets masked, control characters escaped, an id to find it) and
 * keeps the process serving. Node's default would end the process: one failing
 * background task (a daemon that gave up, a write that failed) would take the whole
 * API down, and with it every other service's supervision. Installed once per process.
 */
export function installProcessFaultHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason: unknown) => record('unhandledRejection', reason));
  process.on('uncaughtException', (error: unknown) => record('uncaughtException', error));
}

export function recentProcessFaults(): readonly ProcessFault[] {
  return recent;
}

export function record(kind: ProcessFault['kind'], reason: unknown): ProcessFault {
  const fault: ProcessFault = { kind, id: randomUUID(), message: safeRedact(logText(reason) || 'no message') };
  recent.push(fault);
  if (recent.length > KEPT) recent.shift();
  try {
    const stack = reason instanceof Error && typeof reason.stack === 'string' ? safeRedact(reason.stack) : undefined;
    logger.error(`${kind} (error id ${fault.id}), the API keeps running: ${fault.message}`, stack);
  } catch {
    // the logger never throws; this is the last guard
  }
  return fault;
}

/** Masked with every running app's redactor (the logger masks again; this never depends on it). */
function safeRedact(text: string): string {
  try {
    return SecretRedactor.redactEverywhere(text);
  } catch {
    return '[message withheld: it could not be masked]';
  }
}
