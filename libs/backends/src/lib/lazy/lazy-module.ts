/**
 * A client library loaded when the first service of its type needs it, not when the API
 * starts: the drivers' static parts (type id, config class, secret fields, docs) are
 * imported at start-up, their client libraries (the AWS SDK, apache-arrow, ssh2,
 * basic-ftp, the Hugging Face hub client) only by a connection's first call. Each
 * library is named once, in its driver's folder:
 *
 *   export const loadS3Sdk = lazyModule(() => import('@aws-sdk/client-s3'));
 *   ...
 *   const { HeadBucketCommand } = await loadS3Sdk();
 *
 * Import the library's types with `import type` only; a value import would load it at
 * start-up again. The `import()` of this CommonJS code is a `require()` inside the
 * function, so the bundle evaluates the package on the first call. ESM-only packages go
 * through `loadEsm` (esm/load-esm.ts), which is lazy the same way.
 *
 * The load is shared by every caller; a load that failed is tried again by the next call.
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (!loading) {
      const started = load();
      loading = started;
      started.catch(() => {
        if (loading === started) loading = undefined;
      });
    }
    return loading;
  };
}
