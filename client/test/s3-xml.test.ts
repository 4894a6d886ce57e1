import { completionBody, elementText, listedParts, s3Error, unescapeXml } from '../src/s3-xml';

describe('the S3 XML the client reads and writes', () => {
  test('character references, named and numeric, as S3 and versitygw write them', () => {
    expect(unescapeXml('&quot;a&quot; &#34;b&#34; &#x22;c&#x22; &amp;&lt;&gt;&apos;')).toBe('"a" "b" "c" &<>\'');
    expect(unescapeXml('&amp;quot;')).toBe('&quot;');
  });

  test('an element\'s text, and S3\'s error documents (also inside a 200)', () => {
    expect(elementText('<R><UploadId>a&amp;b</UploadId></R>', 'UploadId')).toBe('a&b');
    expect(elementText('<R></R>', 'UploadId')).toBeUndefined();
    expect(s3Error('<Error><Code>BadDigest</Code><Message>The CRC64NVME you specified did not match</Message></Error>'))
      .toEqual({ code: 'BadDigest', message: 'The CRC64NVME you specified did not match' });
    expect(s3Error('<CompleteMultipartUploadResult><ETag>x</ETag></CompleteMultipartUploadResult>')).toBeUndefined();
  });

  test('ListParts: each part\'s number, ETag, size and checksum; whether more follow', () => {
    const xml = '<ListPartsResult><NextPartNumberMarker>2</NextPartNumberMarker><IsTruncated>true</IsTruncated>'
      + '<Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag><Size>5</Size><ChecksumCRC64NVME>AAAAAAAAAAE=</ChecksumCRC64NVME></Part>'
      + '<Part><PartNumber>2</PartNumber><ETag>&#34;e2&#34;</ETag><Size>3</Size></Part></ListPartsResult>';
    expect(listedParts(xml)).toEqual({
      parts: [
        { partNumber: 1, etag: '"e1"', size: 5, checksum: 'AAAAAAAAAAE=' },
        { partNumber: 2, etag: '"e2"', size: 3, checksum: undefined },
      ],
      nextMarker: '2',
    });
    expect(listedParts('<ListPartsResult><IsTruncated>false</IsTruncated></ListPartsResult>')).toEqual({ parts: [], nextMarker: undefined });
  });

  test('the completion lists the parts in order, ETags escaped', () => {
    expect(completionBody([{ partNumber: 2, etag: '"b"' }, { partNumber: 1, etag: '"a&"' }])).toBe(
      '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
      + '<Part><PartNumber>1</PartNumber><ETag>&#34;a&#38;&#34;</ETag></Part>'
      + '<Part><PartNumber>2</PartNumber><ETag>&#34;b&#34;</ETag></Part></CompleteMultipartUpload>');
  });
});
