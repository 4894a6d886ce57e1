/**
 * `npx projen demo`: starts the demo page and everything behind it locally
 * (see local-demo.ts), prints the page's URL, and stops cleanly on Ctrl-C.
 * `--port N` serves the page on another port; its origin must then be one the
 * app allows, so the demo synthesizes the app with that origin.
 */
import { startLocalDemo } from './local-demo';

function portArgument(argv: string[]): number {
  const index = argv.indexOf('--port');
  if (index === -1) return 5173;
  const port = Number(argv[index + 1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--port must be a whole number from 1 to 65535; got ${JSON.stringify(argv[index + 1])}`);
  }
  return port;
}

async function main(): Promise<void> {
  const demo = await startLocalDemo({ port: portArgument(process.argv.slice(2)) });
  console.log(`Demo page:        ${demo.url}`);
  console.log(`Presign endpoint: ${demo.presignEndpointUrl}`);
  console.log(`Results:          ${demo.resultsBaseUrl}`);
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo…`);
    demo.stop().then(() => process.exit(0), (error) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
