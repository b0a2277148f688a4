import { applyDecorators } from '@nestjs/common';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ConfigField } from '../contract/config-field.decorator';
import type { WalkLimits } from './bounded-walk';

export const WALK_DEFAULT_MAX_LIST_ENTRIES = 10_000;
export const WALK_DEFAULT_MAX_DEPTH = 10;

/** The config keys that bound a storage walk of a remote folder (ftp, sshfs). */
export interface WalkLimitConfig {
  max_list_entries?: number;
  max_depth?: number;
}

export function walkLimitsOf(config: WalkLimitConfig): WalkLimits {
  return {
    maxEntries: config.max_list_entries ?? WALK_DEFAULT_MAX_LIST_ENTRIES,
    maxDepth: config.max_depth ?? WALK_DEFAULT_MAX_DEPTH,
  };
}

/** The `max_list_entries` config field. */
export function MaxListEntriesField(): PropertyDecorator {
  return applyDecorators(
    ConfigField({
      description: 'Most entries one storage walk counts; beyond it the walk stops and says so.',
      type: 'integer',
      default: WALK_DEFAULT_MAX_LIST_ENTRIES,
    }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(10_000_000),
  );
}

/** The `max_depth` config field; `root` names the config key the walk starts at. */
export function MaxDepthField(root: string): PropertyDecorator {
  return applyDecorators(
    ConfigField({
      description: `Deepest folder level a storage walk lists below ${root} (0: ${root} only).`,
      type: 'integer',
      default: WALK_DEFAULT_MAX_DEPTH,
    }),
    IsOptional(),
    IsInt(),
    Min(0),
    Max(100),
  );
}
