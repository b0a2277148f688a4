import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const STORACHA_DEFAULT_ENDPOINT = 'https://up.storacha.network';
export const STORACHA_DEFAULT_SERVICE_DID = 'did:web:up.storacha.network';

const DID_KEY = /^did:key:z[1-9A-HJ-NP-Za-km-z]{40,800}$/;
const SERVICE_DID = /^did:(?:web|key):[A-Za-z0-9._:%-]{3,200}$/;
const ACCOUNT_DID = /^did:mailto:[A-Za-z0-9.-]+:[^\s:]{1,200}$/;
/** Key and proof belong together: one without the other cannot authorize anything. */
const hasCredentials = (config: StorachaConfig): boolean => config.key !== undefined || config.proof !== undefined;

/**
 * A Storacha (w3up) space used through @storacha/client: an agent key (`storacha key
 * create`) plus a delegation to that key (`storacha delegation create <agent DID> --can
 * space/info --can usage/report --base64`) authorize UCAN invocations to the service.
 */
export class StorachaConfig extends CommonServiceConfig {
  @ConfigField({ description: 'Space DID; may be left out when the proof grants exactly one space.', example: 'did:key:z6MkjK9yatoy1KGgRecYgRnqWJFcjMEBXAnLfoEcJanBjnHx' })
  @IsOptional()
  @IsString()
  @Matches(DID_KEY, { message: 'space must be a did:key DID' })
  space?: string;

  @ConfigField({ description: 'Agent private key as `storacha key create` prints it (Mg...); set together with proof.', secret: true, example: 'MgCaT7Se2QX9...' })
  @ValidateIf(hasCredentials)
  @IsString({ message: 'key must be a string, set together with proof' })
  @IsNotEmpty()
  @MaxLength(4096)
  key?: string;

  @ConfigField({ description: 'Delegation to the agent key, base64 CAR (`storacha delegation create ... --base64`); set together with key.', secret: true, example: 'mAYIEAP8OOqJlcm9vdHOB2CpYJQABcRIg...' })
  @ValidateIf(hasCredentials)
  @IsString({ message: 'proof must be a string, set together with key' })
  @IsNotEmpty()
  @MaxLength(1_048_576)
  proof?: string;

  @ConfigField({ description: 'Upload service URL.', default: STORACHA_DEFAULT_ENDPOINT, example: 'https://up.storacha.network' })
  @IsOptional()
  @IsHttpUrl()
  endpoint?: string;

  @ConfigField({ description: 'DID of the service at endpoint (the audience of invocations).', default: STORACHA_DEFAULT_SERVICE_DID })
  @IsOptional()
  @IsString()
  @Matches(SERVICE_DID, { message: 'service_did must be a did:web or did:key DID' })
  service_did?: string;

  @ConfigField({ description: 'Account (did:mailto) whose plan limit is the quota; found in the proof when it grants plan/get on one account.', example: 'did:mailto:example.com:alice' })
  @IsOptional()
  @IsString()
  @Matches(ACCOUNT_DID, { message: 'account must be a did:mailto DID' })
  account?: string;
}
