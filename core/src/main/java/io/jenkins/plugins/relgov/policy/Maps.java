package io.jenkins.plugins.relgov.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable maps that keep declaration order (Map.copyOf does not). */
final class Maps {
    private Maps() {}

    static <K, V> Map<K, V> ordered(Map<K, V> source) {
        return source == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
