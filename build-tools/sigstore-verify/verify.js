#!/usr/bin/env node
// Verifies one Sigstore bundle offline with sigstore-js (@sigstore/verify), the independent implementation that
// relgov's tests check their bundles with. Key-based: the trusted public key is looked up by its relgov
// fingerprint (hex SHA-256 of the SPKI DER), which must be the bundle's publicKey hint; no transparency log and
// no certificate authority are trusted. With --tsa, the bundle must carry an RFC 3161 timestamp that chains to
// the given certificates (the TSA's first, then its CA); without it, none is required.
//
//   node verify.js BUNDLE.sigstore.json PUBLIC-KEY.pem [--artifact FILE] [--tsa TSA.pem CA.pem]
//
// Prints "verified" and exits 0, or prints why not and exits 1.
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

function certificates(pemFiles) {
  return pemFiles.map((f) => ({ rawBytes: new crypto.X509Certificate(fs.readFileSync(f)).raw }));
}

function main(argv) {
  const [bundlePath, keyPath, ...rest] = argv;
  let artifact;
  let tsa = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--artifact') {
      artifact = fs.readFileSync(rest[++i]);
    } else if (rest[i] === '--tsa') {
      tsa = rest.slice(i + 1);
      break;
    } else {
      throw new Error(`unknown argument ${rest[i]}`);
    }
  }
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
  const spki = crypto.createPublicKey(fs.readFileSync(keyPath)).export({ type: 'spki', format: 'der' });
  const fingerprint = crypto.createHash('sha256').update(spki).digest('hex');
  const root = {
    certificateAuthorities: [],
    tlogs: [],
    ctlogs: [],
    timestampAuthorities: tsa.length ? [{ certChain: { certificates: certificates(tsa) } }] : [],
  };
  const trust = toTrustMaterial(root, { [fingerprint]: { rawBytes: spki } });
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: tsa.length ? 1 : 0 });
  verifier.verify(toSignedEntity(bundle, artifact));
  console.log('verified');
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.log(`not verified: ${e.code ? e.code + ': ' : ''}${e.message}`);
  process.exit(1);
}
