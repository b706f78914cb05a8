package io.jenkins.plugins.relgov.oci;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): its scheme and parameters, e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"}, the
 * challenge of the distribution specification's token authentication.
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    /** The first challenge in {@code header}; a header that is not one gives scheme "" and no parameters. */
    static AuthChallenge parse(String header) {
        String h = header == null ? "" : header.strip();
        int space = h.indexOf(' ');
        String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = h.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            var value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    char c = h.charAt(i++);
                    if (c == '\\' && i < h.length()) {
                        c = h.charAt(i++);
                    }
                    value.append(c);
                }
                i++; // the closing quote
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    value.append(h.charAt(i++));
                }
            }
            if (name.indexOf(' ') >= 0) {
                break; // a second challenge begins ("Basic realm=..., Bearer realm=..."): the first one is ours
            }
            params.putIfAbsent(name, value.toString().strip());
        }
        return new AuthChallenge(scheme, Map.copyOf(params));
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }
}
