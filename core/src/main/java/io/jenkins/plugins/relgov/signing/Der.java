package io.jenkins.plugins.relgov.signing;

import java.util.Arrays;

/** Just enough DER reading to find the public key that openssl stores inside an EC PKCS#8 key. */
final class Der {
    final int tag;
    final byte[] value;

    private Der(int tag, byte[] value) {
        this.tag = tag;
        this.value = value;
    }

    /** Reads the TLV elements laid end to end in {@code bytes}. */
    static java.util.List<Der> sequence(byte[] bytes) {
        var out = new java.util.ArrayList<Der>();
        int i = 0;
        while (i < bytes.length) {
            int tag = bytes[i++] & 0xff;
            if (i >= bytes.length) {
                throw new SigningException("malformed DER: truncated length");
            }
            int len = bytes[i++] & 0xff;
            if (len > 0x80) {
                int n = len - 0x80;
                if (n > 3 || i + n > bytes.length) {
                    throw new SigningException("malformed DER: bad length");
                }
                len = 0;
                for (int k = 0; k < n; k++) {
                    len = (len << 8) | (bytes[i++] & 0xff);
                }
            } else if (len == 0x80) {
                throw new SigningException("malformed DER: indefinite length");
            }
            if (len < 0 || i + len > bytes.length) {
                throw new SigningException("malformed DER: length beyond end");
            }
            out.add(new Der(tag, Arrays.copyOfRange(bytes, i, i + len)));
            i += len;
        }
        return out;
    }

    java.util.List<Der> children() {
        return sequence(value);
    }
}
