/**
 * first.last@domain in ASCII, as Entra ID would normalise it, made unique with a number; a
 * one-word name (no `last`) gives first@domain.
 */
export function uniquePrincipalName(
  first: string,
  last: string,
  domain: string,
  used: Set<string>,
): string {
  const local = last === '' ? asciiPart(first) : `${asciiPart(first)}.${asciiPart(last)}`;
  let candidate = `${local}@${domain}`;
  for (let n = 2; used.has(candidate); n++) candidate = `${local}${n}@${domain}`;
  used.add(candidate);
  return candidate;
}

export function asciiPart(name: string): string {
  const folded = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return folded || 'user';
}
