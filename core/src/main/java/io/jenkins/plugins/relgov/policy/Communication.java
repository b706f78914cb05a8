package io.jenkins.plugins.relgov.policy;

import java.util.List;

/** Who announces a release phase, and where. */
public record Communication(String phase, List<String> channels, String responsible) {
    public Communication {
        channels = List.copyOf(channels == null ? List.of() : channels);
    }
}
