import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const GITHUB_DEFAULT_BASE_URL = 'https://api.github.com';
export const GITHUB_DEFAULT_MAX_REPOS = 500;

/** A GitHub user or organization login: letters, digits and single dashes, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** `name` (of the owner) or `owner/name`; repository names are letters, digits, `.`, `_` and `-`. */
const REPO = /^(?:[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/)?[A-Za-z0-9._-]{1,100}$/;

/**
 * Repositories on GitHub.com or on a GitHub Enterprise Server, read through the REST
 * API with @octokit/rest. Without a token only public data is visible and GitHub allows
 * 60 requests an hour.
 */
export class GithubConfig extends CommonServiceConfig {
  @ConfigField({
    description: 'Personal access token (classic or fine-grained) or app installation token; plan and disk usage need the read:user scope.',
    secret: true,
    example: 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  token?: string;

  @ConfigField({
    description: 'REST API root: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.',
    default: GITHUB_DEFAULT_BASE_URL,
    example: 'https://github.example.com/api/v3',
  })
  @IsOptional()
  @IsHttpUrl()
  base_url?: string;

  @ConfigField({ description: 'User or organization whose repositories are counted when repos is not set.', example: 'octocat' })
  @IsOptional()
  @IsString()
  @Matches(LOGIN, { message: 'owner must be a GitHub login: letters, digits and single dashes, at most 39 characters' })
  owner?: string;

  @ConfigField({
    description: 'Repositories to measure, as owner/name (or name, for repositories of owner); all of owner\'s when not set.',
    type: 'string[]',
    example: ['octocat/Hello-World', 'Spoon-Knife'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Matches(REPO, { each: true, message: 'each of repos must be owner/name or name' })
  repos?: string[];

  @ConfigField({
    description: 'At most this many repositories are listed and measured (100 per request); beyond it sizes are reported as unknown.',
    type: 'integer',
    default: GITHUB_DEFAULT_MAX_REPOS,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  max_repos?: number;
}
