import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const HF_DEFAULT_HUB_URL = 'https://huggingface.co';
export const HF_DEFAULT_MAX_REPOS = 200;
export const HF_DEFAULT_MAX_CACHE_ENTRIES = 100_000;

/** `owner/name` (a model), `datasets/owner/name`, `spaces/owner/name`, `models/owner/name`; legacy canonical names have no owner. */
const REPO = /^(?:(?:models|datasets|spaces)\/)?(?:[A-Za-z0-9][\w.-]{0,95}\/)?[A-Za-z0-9][\w.-]{0,95}$/;
const NAMESPACE = /^[A-Za-z0-9][\w.-]{0,95}$/;

/**
 * Repositories on the Hugging Face Hub (or a Hub-compatible server), read with
 * @huggingface/hub, plus an optional local cache folder measured on disk.
 */
export class HuggingfaceConfig extends CommonServiceConfig {
  @ConfigField({ description: 'User access token (hf_...); private repositories and whoami need it.', secret: true, example: 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' })
  @IsOptional()
  @IsString()
  @Matches(/^hf_[A-Za-z0-9]+$/, { message: 'token must be a Hugging Face access token (hf_ followed by letters and digits)' })
  @MaxLength(256)
  token?: string;

  @ConfigField({ description: 'Hub URL.', default: HF_DEFAULT_HUB_URL, example: 'https://huggingface.co' })
  @IsOptional()
  @IsHttpUrl()
  model_hub_url?: string;

  @ConfigField({ description: 'Local Hub cache folder to measure (like ~/.cache/huggingface/hub).', example: '/home/alice/.cache/huggingface/hub' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  cache_dir?: string;

  @ConfigField({
    description: 'Repositories to measure: owner/name for models, datasets/owner/name, spaces/owner/name; all of owner\'s when not set.',
    type: 'string[]',
    example: ['alice/tiny-bert', 'datasets/alice/squad-mini'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Matches(REPO, { each: true, message: 'each of repos must be owner/name, datasets/owner/name or spaces/owner/name' })
  repos?: string[];

  @ConfigField({ description: 'User or organization whose repositories are measured when repos is not set; the token\'s user by default.', example: 'alice' })
  @IsOptional()
  @IsString()
  @Matches(NAMESPACE, { message: 'owner must be a Hub user or organization name' })
  owner?: string;

  @ConfigField({ description: 'At most this many repositories are listed and measured (one request each).', type: 'integer', default: HF_DEFAULT_MAX_REPOS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  max_repos?: number;

  @ConfigField({ description: 'At most this many files and folders of cache_dir are visited.', type: 'integer', default: HF_DEFAULT_MAX_CACHE_ENTRIES })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  max_cache_entries?: number;
}
