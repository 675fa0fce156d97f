// What every browser test shares: Debian's chromium started headless
// through playwright-core (never a downloaded browser), and the folder
// screenshots go to.
//
//   import { launchBrowser, SCREENSHOT_DIR } from './lib.mjs';
//   const browser = await launchBrowser();

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../http/lib/server.mjs';

/** Where screenshots are saved (build/ is not in git). */
export const SCREENSHOT_DIR = path.join(ROOT, 'build/screenshots');

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch headless chromium and make sure SCREENSHOT_DIR exists. */
export async function launchBrowser() {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
