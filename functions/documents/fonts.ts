/**
 * The CJK faces every PDF embeds (Noto Serif SC from the npm package `@expo-google-fonts/noto-serif-sc`,
 * SIL Open Font License): no system font is ever used, so no reader shows tofu. pdfkit embeds only the
 * glyphs a document uses (a subset), so a PDF stays tens of kilobytes.
 *
 * On Lambda the TTFs are shipped beside the bundle (`fonts/`, copied after bundling: the function
 * catalog's `assets`, infra/aws/constructs/platform-function.ts); from the repository they are read
 * in node_modules.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FONT_FILES = {
  body: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  heading: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;

export type FontFace = keyof typeof FONT_FILES;

/** Where the bundle keeps them: `fonts/<file name>` beside the handler's `index.mjs`. */
export const BUNDLED_FONT_DIR = 'fonts';

const cache = new Map<FontFace, string>();

/** The path of a face's TTF: beside the bundle on Lambda, in node_modules elsewhere. */
export function fontPath(face: FontFace): string {
  const known = cache.get(face);
  if (known) return known;
  const fileName = FONT_FILES[face].split('/').at(-1)!;
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, BUNDLED_FONT_DIR, fileName);
  const path = existsSync(bundled) ? bundled : createRequire(import.meta.url).resolve(FONT_FILES[face]);
  cache.set(face, path);
  return path;
}
