import { randomBytes } from 'node:crypto';
import { awsCrc64nvme } from '../../test/aws-crc64nvme';
import { Crc64Nvme, crc64nvme, READ_CHUNK_BYTES } from '../src/crc64nvme';

describe('CRC64NVME', () => {
  test('the check value of the standard test input "123456789": 0xAE8B14860A799888', () => {
    const digest = new Crc64Nvme().update(new TextEncoder().encode('123456789')).digest();
    expect(Buffer.from(digest, 'base64').toString('hex')).toBe('ae8b14860a799888');
  });

  test('matches the AWS SDK\'s for every length around a step of 16, from any offset in its buffer', async () => {
    const bytes = randomBytes(200);
    for (let length = 0; length <= 70; length++) {
      for (const offset of [0, 1, 3]) {
        const view = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, length);
        expect(new Crc64Nvme().update(view).digest()).toBe(await awsCrc64nvme(view));
      }
    }
  });

  test('fed in pieces, it is the CRC of the whole; a digest does not end it', async () => {
    const bytes = randomBytes(1000);
    const crc = new Crc64Nvme();
    crc.update(bytes.subarray(0, 7));
    const early = crc.digest();
    crc.update(bytes.subarray(7, 500)).update(bytes.subarray(500));
    expect(early).toBe(await awsCrc64nvme(bytes.subarray(0, 7)));
    expect(crc.digest()).toBe(await awsCrc64nvme(bytes));
  });

  test('of a blob larger than one read, and into the CRCs it is also given', async () => {
    const bytes = randomBytes(READ_CHUNK_BYTES + 4099);
    const whole = new Crc64Nvme().update(bytes.subarray(0, 5));
    const part = await crc64nvme(new Blob([bytes.subarray(5)]), whole);
    expect(part).toBe(await awsCrc64nvme(bytes.subarray(5)));
    expect(whole.digest()).toBe(await awsCrc64nvme(bytes));
  });
});
