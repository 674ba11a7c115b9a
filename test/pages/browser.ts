import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it with apt-get); a browser is never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the page tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `page tests skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`;
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Where a failing page test leaves its screenshots. */
export const SCREENSHOTS = path.resolve('test-results', 'pages');

/**
 * Runs a page test's body; on failure saves a screenshot of every page given (named after the
 * test) and fails with the paths added to the message.
 */
export async function withScreenshots(name: string, pages: () => Page[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const saved: string[] = [];
    for (const [i, page] of pages().entries()) {
      const file = path.join(SCREENSHOTS, `${name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)}-${i + 1}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true });
        saved.push(file);
      } catch {
        // A page already closed has nothing to show.
      }
    }
    if (error instanceof Error) error.message += `\nscreenshots: ${saved.join(', ') || 'none'}`;
    throw error;
  }
}
