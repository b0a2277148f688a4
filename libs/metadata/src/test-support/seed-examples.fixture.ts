/** The service files of the original design document, verbatim. */
export const SEED_SERVICE_FILES: Readonly<Record<string, string>> = {
  ipfs: `metadata:
  service_name: ipfs
  last_updated: '2025-08-16T00:11:58.327192+00:00'
  version: '1.0'
config:
  host: localhost
  port: 5001
  gateway_port: 8080
  enabled: true
`,
  s3: `metadata:
  service_name: s3
  last_updated: '2025-08-16T00:11:58.328057+00:00'
  version: '1.0'
config:
  region: us-east-1
  bucket: test-bucket
  access_key_id: AKIAI...
  secret_access_key: xxx...
`,
  huggingface: `metadata:
  service_name: huggingface
  last_updated: '2025-08-16T00:11:58.328057+00:00'
  version: '1.0'
config:
  token: hf_xxx...
  cache_dir: ~/.cache/huggingface
  model_hub_url: https://huggingface.co
`,
};

export const LEGACY_FIXTURE_DIR = `${__dirname}/../test-fixtures/legacy-python-store`;
