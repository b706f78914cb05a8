package io.jenkins.plugins.relgov.signing;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 7468 PEM text: one labelled base64 block. */
public final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private Pem() {}

    /** A decoded PEM block. */
    public record Block(String label, byte[] der) {}

    /** The first PEM block in {@code text}; {@code source} names the file in the error. */
    public static Block decode(String text, String source) {
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            throw SigningException.at(source, "no PEM block found (expected -----BEGIN ...-----)");
        }
        try {
            return new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
            throw SigningException.at(source, "PEM block " + m.group(1) + " is not valid base64");
        }
    }

    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
