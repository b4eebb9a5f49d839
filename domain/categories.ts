import type { Directory } from '../schema/directory';

/** The top-level category a category belongs to (itself, if it is one). */
export function rootCategory(dir: Directory, categoryId: string): string {
  return dir.categories.find((c) => c.id === categoryId)?.parentId ?? categoryId;
}

/** A category and its sub-categories. */
export function categoryFamily(dir: Directory, categoryId: string): string[] {
  return [categoryId, ...dir.categories.filter((c) => c.parentId === categoryId).map((c) => c.id)];
}
