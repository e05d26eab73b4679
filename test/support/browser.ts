import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's headless chromium with the flags that work on these machines (STACK.md), in its own profile folder. */
export function launchBrowser(
  profile: string,
  options: { bypassCSP?: boolean; height?: number } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: options.height ?? 1000 },
    bypassCSP: options.bypassCSP ?? false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
