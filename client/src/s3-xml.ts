/*
 * The few S3 XML documents the client reads and writes, without a parser
 * (none is in every runtime): S3's answers are machine-made and flat where
 * the client reads them.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&apos;': "'" };

/** `text` with XML's named and numeric character references replaced (S3 writes `&quot;`, versitygw `&#34;`). */
export function unescapeXml(text: string): string {
  return text.replace(/&(?:quot|amp|lt|gt|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (entity) => {
    if (entity.startsWith('&#x')) return String.fromCodePoint(parseInt(entity.slice(3, -1), 16));
    if (entity.startsWith('&#')) return String.fromCodePoint(Number(entity.slice(2, -1)));
    return ENTITIES[entity];
  });
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The text of the first `<name>` element of `xml`, unescaped. */
export function elementText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match === null ? undefined : unescapeXml(match[1]);
}

/** S3's error code and message, when `xml` is an `<Error>` document. */
export function s3Error(xml: string): { readonly code: string; readonly message: string } | undefined {
  if (!/<Error>/.test(xml)) return undefined;
  return { code: elementText(xml, 'Code') ?? 'UnknownError', message: elementText(xml, 'Message') ?? '' };
}

/** A part S3 holds, as ListParts says. */
export interface ListedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  /** Its CRC64NVME, base64, when S3 lists it. */
  readonly checksum?: string;
}

/** The parts of a ListParts answer, and whether more follow (`IsTruncated`) from `nextMarker`. */
export function listedParts(xml: string): { readonly parts: ListedPart[]; readonly nextMarker?: string } {
  const parts: ListedPart[] = [];
  for (const match of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const part = match[1];
    parts.push({
      partNumber: Number(elementText(part, 'PartNumber')),
      etag: elementText(part, 'ETag') ?? '',
      size: Number(elementText(part, 'Size')),
      checksum: elementText(part, 'ChecksumCRC64NVME'),
    });
  }
  const truncated = elementText(xml, 'IsTruncated') === 'true';
  return { parts, nextMarker: truncated ? elementText(xml, 'NextPartNumberMarker') : undefined };
}

/** The body of CompleteMultipartUpload: each part's number and ETag, in order (the whole file's checksum is a signed header). */
export function completionBody(parts: readonly { readonly partNumber: number; readonly etag: string }[]): string {
  const items = [...parts].sort((a, b) => a.partNumber - b.partNumber)
    .map((part) => `<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${escapeXml(part.etag)}</ETag></Part>`);
  return `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${items.join('')}</CompleteMultipartUpload>`;
}
