/**
 * An answer serialized once and kept while its key stays the same: the key is made of
 * change counts that move with every change the answer depends on, so a kept answer is
 * always the one a new build would give, and a change shows in the next request.
 */
export class KeptAnswer {
  private key: string | null = null;
  private body: Buffer = Buffer.alloc(0);

  constructor(
    private readonly keyOf: () => string,
    private readonly build: () => unknown,
  ) {}

  get(): Buffer {
    // The key before the build: a change during the build leaves a key that no longer matches.
    const key = this.keyOf();
    if (key !== this.key) {
      this.body = Buffer.from(JSON.stringify(this.build()));
      this.key = key;
    }
    return this.body;
  }
}
