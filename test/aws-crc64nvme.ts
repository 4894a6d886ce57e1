import { Crc64NvmeJs } from '@aws-sdk/checksums/crc';

/** The CRC64NVME of `bytes` by the AWS SDK's own implementation, in base64 as S3 takes it: the oracle for the glue's. */
export async function awsCrc64nvme(bytes: Uint8Array): Promise<string> {
  const crc = new Crc64NvmeJs();
  crc.update(bytes);
  return Buffer.from(await crc.digest()).toString('base64');
}
