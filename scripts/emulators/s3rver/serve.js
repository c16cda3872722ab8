// Starts the S3 emulator on 127.0.0.1:PORT with its objects in DIR: node serve.js DIR PORT
// The @20minutes fork of s3rver checks every SigV4 signature (header and presigned) against the
// built-in account S3RVER / S3RVER and answers SignatureDoesNotMatch when it differs.
'use strict';
const S3rver = require('@20minutes/s3rver');

const [directory, port] = process.argv.slice(2);
if (!directory || !port) {
  console.error('usage: node serve.js DIR PORT');
  process.exit(2);
}
new S3rver({ directory, address: '127.0.0.1', port: Number(port), silent: true })
  .run()
  .then(({ address, port: bound }) => console.log(`s3rver listening on ${address}:${bound}`))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
