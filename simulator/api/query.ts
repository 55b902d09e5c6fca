// Query parameters read the way the real agent (a Go service) reads them.
/** Reads a boolean query flag the way Go's strconv.ParseBool does ("true", "1", "t"...). */
export function flag(query: unknown, name: string): boolean {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && ['1', 't', 'true'].includes(value.toLowerCase());
}

export function text(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
