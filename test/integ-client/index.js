// The integration test's stand-in for a browser (test/integ.presigned-upload.ts
// deploys it as a Lambda function; test/e2e runs it locally too). It does what
// a page does with the construct: presign through the HTTP API, then PUT the
// file to the presigned URL with the headers the endpoint returned. The presign request is SigV4-signed
// for execute-api with the function's credentials (the example keeps IAM
// auth), using @smithy/signature-v4 as the Node.js Lambda runtime ships it.
// The host it signs is the URL's, with its port when it has one (locally).
// Node.js 22 has fetch built in.
//
// Environment: PRESIGN_URL, ORIGIN, AWS_REGION and the AWS credentials.
const { createHash, createHmac } = require('node:crypto');
const { SignatureV4 } = require('@smithy/signature-v4');

class Sha256 {
  constructor(secret) { this.hash = secret ? createHmac('sha256', secret) : createHash('sha256'); }
  update(data) { this.hash.update(data); }
  async digest() { return new Uint8Array(this.hash.digest()); }
}

exports.handler = async () => {
  const url = new URL(process.env.PRESIGN_URL);
  // The PNG below: its size, and its CRC64NVME, which S3 checks the bytes against.
  const body = JSON.stringify({ filename: 'pixel.png', contentType: 'image/png', size: 68, checksum: 'wzwDYkfncA0=' });
  const signer = new SignatureV4({
    service: 'execute-api',
    region: process.env.AWS_REGION,
    sha256: Sha256,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: process.env.AWS_SESSION_TOKEN,
    },
  });
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, path: url.pathname,
    headers: { 'host': url.host, 'content-type': 'application/json', 'origin': process.env.ORIGIN },
    body,
  });
  const presignResponse = await fetch(url, { method: 'POST', headers: signed.headers, body });
  const presign = await presignResponse.json();
  if (!presignResponse.ok) return { summary: 'presign ' + presignResponse.status + ' ' + JSON.stringify(presign) };

  // A 1x1 PNG, 68 bytes.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  const upload = await fetch(presign.url, { method: presign.method, body: png, headers: { ...presign.headers, origin: process.env.ORIGIN } });
  const regional = new URL(presign.url).hostname.endsWith('.s3.' + process.env.AWS_REGION + '.amazonaws.com');
  return {
    summary: [
      'presign', presignResponse.status, presignResponse.headers.get('access-control-allow-origin'),
      'regional', regional,
      'upload', upload.status, upload.headers.get('access-control-allow-origin'),
    ].join(' '),
    key: presign.key,
  };
};
