import { type ChildProcess, spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { freePort, waitUntilListening } from './free-port';

/** The three browser engines: Blink (Chromium), Gecko (Firefox) and WebKit (Safari's, as on every iPhone). */
export const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
export type EngineName = typeof ENGINES[number];

/** A page in one engine; `call` runs one of the page's global async functions with JSON arguments and returns its JSON result. */
export interface EnginePage {
  call<T = any>(name: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** A running browser of one engine. */
export interface Engine {
  readonly name: EngineName;
  open(url: string): Promise<EnginePage>;
  stop(): Promise<void>;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
/** Where Debian's webkit2gtk-driver and libwebkit2gtk-4.1-0 put them. */
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * Starts a browser of `name`, each through the protocol its project
 * supports: Chromium over the DevTools protocol (playwright-core), Firefox
 * over WebDriver BiDi (puppeteer-core), WebKit over classic WebDriver
 * (WebKitWebDriver, with selenium-webdriver), on an X server of its own
 * (Xvfb), since WebKitGTK has no headless mode.
 */
export async function launchEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'chromium': {
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
      return {
        name,
        open: async (url) => {
          const page = await browser.newPage();
          await page.goto(url);
          return {
            call: (fn, ...args) => page.evaluate(([f, a]) => (window as any)[f as string](...(a as unknown[])), [fn, args] as const),
            close: () => page.close(),
          };
        },
        stop: () => browser.close(),
      };
    }
    case 'firefox': {
      const browser = await puppeteer.launch({ browser: 'firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true });
      return {
        name,
        open: async (url) => {
          const page = await browser.newPage();
          await page.goto(url);
          return { call: (fn, ...args) => page.evaluate((f, a) => (window as any)[f](...a), fn, args), close: () => page.close() };
        },
        stop: () => browser.close(),
      };
    }
    case 'webkit':
      return WebKitEngine.start();
  }
}

/** Starts Xvfb on a free display; resolves with the process and its display (":N"). */
async function startXvfb(): Promise<{ xvfb: ChildProcess; display: string }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const display = await new Promise<string>((resolve, reject) => {
    xvfb.on('error', (error) => reject(new Error(`Xvfb could not start (${error.message}): apt-get install xvfb`)));
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (data) => resolve(`:${String(data).trim()}`));
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { xvfb, display };
}

class WebKitEngine implements Engine {
  public static async start(): Promise<WebKitEngine> {
    const { xvfb, display } = await startXvfb();
    const port = await freePort();
    const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } });
    const failed = new Promise<never>((_, reject) => driverProcess.on('error', (error) =>
      reject(new Error(`${WEBKIT_DRIVER} could not start (${error.message}): apt-get install webkit2gtk-driver`))));
    await Promise.race([failed, waitUntilListening(port, 10_000, () => `${WEBKIT_DRIVER} does not listen on port ${port}`, driverProcess)]);
    const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      'browserName': 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    await driver.manage().setTimeouts({ script: 170_000 });
    return new WebKitEngine(driver, driverProcess, xvfb);
  }

  public readonly name = 'webkit' as const;
  private constructor(private readonly driver: WebDriver, private readonly driverProcess: ChildProcess, private readonly xvfb: ChildProcess) {}

  /** One window at a time: WebKitWebDriver drives one browsing context, so `open` navigates it. */
  public async open(url: string): Promise<EnginePage> {
    await this.driver.get(url);
    return {
      call: async (fn, ...args) => {
        const outcome = await this.driver.executeAsyncScript<{ value?: unknown; error?: string }>(
          'const done = arguments[arguments.length - 1];'
          + 'Promise.resolve().then(() => window[arguments[0]](...arguments[1]))'
          + '.then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: String(error && error.stack || error) }));',
          fn, args);
        if (outcome.error !== undefined) throw new Error(`in WebKit: ${outcome.error}`);
        return outcome.value as any;
      },
      close: async () => { await this.driver.get('about:blank'); },
    };
  }

  public async stop(): Promise<void> {
    await this.driver.quit().catch(() => undefined);
    this.driverProcess.kill();
    this.xvfb.kill();
  }
}
