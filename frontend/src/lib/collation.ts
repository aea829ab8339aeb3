/**
 * Vietnamese ordering. Names are compared with the ICU Vietnamese collation (ă, â after a; đ after d;
 * tones ordered), and people are sorted the Vietnamese way: by given name, then middle name,
 * then family name (Nguyễn Văn An < Trần Thị Bình < Lê Văn Bình < ...).
 */

const collator = new Intl.Collator('vi', { usage: 'sort', numeric: true });

/** Compare two strings in Vietnamese order (null/undefined sort first). */
export function compareVi(a: string | null | undefined, b: string | null | undefined): number {
  return collator.compare(a ?? '', b ?? '');
}

/** Sort a copy of `items` by the string `key` returns, in Vietnamese order. */
export function sortByVi<T>(items: readonly T[], key: (item: T) => string | null | undefined): T[] {
  return [...items].sort((x, y) => compareVi(key(x), key(y)));
}

export interface PersonName {
  family_name?: string | null;
  middle_name?: string | null;
  given_name?: string | null;
}

/** Compare people by given name, then middle name, then family name. */
export function compareVietnameseNames(a: PersonName, b: PersonName): number {
  return (
    compareVi(a.given_name, b.given_name) ||
    compareVi(a.middle_name, b.middle_name) ||
    compareVi(a.family_name, b.family_name)
  );
}

/** A sorted copy of `people` in Vietnamese name order. */
export function sortByVietnameseName<T extends PersonName>(people: readonly T[]): T[] {
  return [...people].sort(compareVietnameseNames);
}

/** "Nguyễn Văn An" from its parts (family, middle, given), skipping empty parts. */
export function fullName(p: PersonName): string {
  return [p.family_name, p.middle_name, p.given_name].filter((s) => s && s.trim()).join(' ');
}
