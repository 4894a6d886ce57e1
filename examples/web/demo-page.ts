/**
 * The demo page's script: Uppy's Dashboard around the README's glue
 * (examples/uppy-upload.ts), then a poll for each upload's result. It reads
 * the two URLs a deployed app would take from the stack's outputs
 * (`PresignEndpointUrl`, `ResultsBaseUrl`) from `demo-config.json`.
 */
import Dashboard from '@uppy/dashboard';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import { createUploader } from '../uppy-upload';

/** What `demo-config.json` holds. */
export interface DemoConfig {
  readonly presignEndpointUrl: string;
  readonly resultsBaseUrl: string;
  /** One line on what the endpoint accepts, shown under the drop zone. */
  readonly note: string;
}

/** The example app's processor writes `{key}.json`; until then the results URL answers 403 or 404. */
async function pollForResult(resultsBaseUrl: string, key: string, attempts = 60): Promise<unknown> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const response = await fetch(`${resultsBaseUrl}${key}.json`, { cache: 'no-store' });
    if (response.ok) return response.json();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no result for ${key} after ${attempts / 2} s`);
}

function showResult(list: HTMLElement, fileName: string, key: string, resultsBaseUrl: string): void {
  const item = document.createElement('li');
  item.dataset.state = 'pending';
  item.dataset.key = key;
  item.textContent = `${fileName}: stored, waiting for its result…`;
  list.prepend(item);
  pollForResult(resultsBaseUrl, key).then((result) => {
    item.dataset.state = 'done';
    item.textContent = `${fileName}: `;
    const code = document.createElement('code');
    code.textContent = JSON.stringify(result);
    item.append(code);
  }, (error: Error) => {
    item.dataset.state = 'failed';
    item.textContent = `${fileName}: ${error.message}`;
  });
}

async function main(): Promise<void> {
  const config = await (await fetch('demo-config.json')).json() as DemoConfig;
  const uppy = createUploader(config.presignEndpointUrl);
  uppy.use(Dashboard, {
    inline: true,
    target: '#uploader',
    height: 360,
    proudlyDisplayPoweredByUppy: false,
    note: config.note,
  });
  const results = document.getElementById('results')!;
  uppy.on('upload-success', (file, response) => {
    const key = (response.body as { key?: string } | undefined)?.key;
    if (file && key) showResult(results, file.name ?? key, key, config.resultsBaseUrl);
  });
  // The endpoint's refusal, in its own words (the glue throws `${code}: ${message}`).
  uppy.on('upload-error', (file, error) => {
    const item = document.createElement('li');
    item.dataset.state = 'refused';
    item.textContent = `${file?.name ?? 'A file'}: ${error.message}`;
    results.prepend(item);
  });
  (window as unknown as { uppy: unknown }).uppy = uppy;
}

void main();
