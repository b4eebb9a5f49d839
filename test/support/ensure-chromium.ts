// Run first by `npm test`: the browser tests drive Debian's Chromium, which Playwright cannot
// download here. Installs it with apt-get when it is missing; says what to do when it cannot.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium';

function fail(why: string): never {
  process.stderr.write(
    `\nThe browser tests need Chromium at ${CHROMIUM_PATH} and it is missing: ${why}\n` +
      `Install it (Debian/Ubuntu: sudo apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.\n\n`,
  );
  process.exit(1);
}

if (!existsSync(CHROMIUM_PATH)) {
  if (process.env.CHROMIUM_PATH) fail('CHROMIUM_PATH points at nothing.');
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) fail('there is no apt-get to install it with.');
  if (process.getuid?.() !== 0) fail('installing it needs root (this is not).');
  process.stdout.write('Chromium is missing: installing Debian\'s chromium package with apt-get (once)…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  } catch (error) {
    fail(`apt-get failed (${(error as Error).message}).`);
  }
  if (!existsSync(CHROMIUM_PATH)) fail('apt-get installed chromium, but not at that path.');
}

// Screenshots (npm run screenshots) show Chinese text: they need a CJK font; the tests do not.
if (process.argv.includes('--fonts') && !existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')) {
  if (process.getuid?.() !== 0) fail('the screenshots need fonts-noto-cjk (apt-get install -y fonts-noto-cjk), and installing it needs root.');
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'fonts-noto-cjk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
