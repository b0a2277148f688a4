import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { FOLDER_PATH_PATTERN } from './folder-path';

export const DEFAULT_MAX_FILES = 10_000;
export const MAX_MAX_FILES = 1_000_000;

/**
 * Keys of a service that is a local folder of dataset files (parquet, arrow). Each
 * type's config class extends this one.
 */
export class DatasetFolderConfig extends CommonServiceConfig {
  @ConfigField({
    description:
      'Absolute path of the folder holding the dataset files; ~ and ~/... expand to the home folder of the user running the API. Relative paths are refused.',
    required: true,
    example: '~/datasets/events',
  })
  @IsString()
  @IsNotEmpty()
  @Matches(FOLDER_PATH_PATTERN, { message: 'path must be absolute or start with ~/' })
  path!: string;

  @ConfigField({
    description:
      'Also read sub-folders. Entries whose names start with "." or "_" (staging folders, _SUCCESS markers) are skipped, as pyarrow and Spark do; symbolic links to folders are not followed.',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  recursive?: boolean;

  @ConfigField({
    description: `Most dataset files one walk examines (and, ten times that, directory entries); beyond it stats say "truncated" and storage sums are unknown. Default ${DEFAULT_MAX_FILES}.`,
    type: 'integer',
    default: DEFAULT_MAX_FILES,
    example: 50_000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MAX_FILES)
  max_files?: number;
}
