/**
 * The demo page's script: Uppy's Dashboard on the client package's Uppy
 * adapter (`cdk-presigned-upload-client/uppy`), then a poll for each
 * upload's result. It reads the two URLs a deployed app would take from the
 * stack's outputs (`PresignEndpointUrl`, `ResultsBaseUrl`) from
 * `demo-config.json`.
 */
import Dashboard from '@uppy/dashboard';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import { webStorageResumeStore } from 'cdk-presigned-upload-client';
import { type AwsCredentials, iamPresignFetch } from 'cdk-presigned-upload-client/iam';
import { createUploader } from 'cdk-presigned-upload-client/uppy';

/** What `demo-config.json` holds. */
export interface DemoConfig {
  readonly presignEndpointUrl: string;
  readonly resultsBaseUrl: string;
  /** The region, and the guest credentials a Cognito identity pool would give the page. */
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** One line on what the endpoint accepts, shown under the drop zone. */
  readonly note: string;
}

/** Refusals a retry can't change; the others (a quota's 429, 503, a network error) may pass later. */
const PERMANENT = /^(?!RATE_LIMITED|UPLOAD_QUOTA_EXCEEDED|BYTE_QUOTA_EXCEEDED|DAILY_BUDGET_EXCEEDED|QUOTA_UNAVAILABLE)[A-Z_]+: /;

/**
 * The example app's processor writes `{key}.json`; until then the results URL answers 403 (S3 behind CloudFront, without
 * `s3:ListBucket`), which the browser logs as an error. So the first read waits the second or two processing usually
 * takes, and each later one waits longer (up to 8 s): a result that comes in time costs one request and logs nothing.
 */
async function pollForResult(resultsBaseUrl: string, key: string, giveUpAfterMs = 60_000): Promise<unknown> {
  const start = performance.now();
  for (let wait = 1500; performance.now() - start < giveUpAfterMs; wait = Math.min(2 * wait, 8000)) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const response = await fetch(`${resultsBaseUrl}${key}.json`, { cache: 'no-store' });
    if (response.ok) return response.json();
  }
  throw new Error(`no result for ${key} after ${giveUpAfterMs / 1000} s`);
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
  // A multipart upload cut off by a reload continues from the parts S3 holds when the same file is added again.
  const uppy = createUploader(config.presignEndpointUrl, {
    presignFetch: iamPresignFetch(config.region, async () => config.credentials),
    resumeStore: webStorageResumeStore(),
  });
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
  // The endpoint's refusal, in its own words (the adapter's errors read `${code}: ${message}`), on the Dashboard and in the list.
  // A refusal no retry can change leaves the Dashboard, so it is never offered for retry and the header settles.
  uppy.on('upload-error', (file, error) => {
    const item = document.createElement('li');
    item.dataset.state = 'refused';
    item.textContent = `${file?.name ?? 'A file'}: ${error.message}`;
    results.prepend(item);
    // Uppy's own notice says only "Failed to upload", with the reason in a tooltip: this one says it in full.
    uppy.setState({ info: uppy.getState().info.filter((notice) => notice.details !== error.message) });
    uppy.info(item.textContent, 'error', 10_000);
    if (file && PERMANENT.test(error.message)) setTimeout(() => uppy.removeFile(file.id), 0);
  });
  (window as unknown as { uppy: unknown }).uppy = uppy;
}

void main();
