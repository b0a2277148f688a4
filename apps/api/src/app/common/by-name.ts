/** The order of String#localeCompare (default locale), without a collator built per comparison. */
export const BY_NAME = new Intl.Collator();
