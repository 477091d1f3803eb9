/** Build dist/web/index.html; resolves to its length in characters. */
export function buildPage(): Promise<number>
