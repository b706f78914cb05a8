/**
 * Keys, blob signatures and attestations. Standard formats only, so that an auditor can check
 * everything with openssl or cosign: PEM PKCS#8 / SPKI keys, cosign's base64 blob signatures,
 * DSSE envelopes carrying in-toto Statement v1.
 */
package io.jenkins.plugins.relgov.signing;
