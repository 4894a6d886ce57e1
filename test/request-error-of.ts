import { RequestError } from '../src/handler/request-error';

/** Runs `fn` and returns the RequestError it throws; fails if it throws anything else or nothing. */
export function requestErrorOf(fn: () => unknown): RequestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RequestError) return e;
    throw e;
  }
  throw new Error('expected a RequestError, but nothing was thrown');
}
