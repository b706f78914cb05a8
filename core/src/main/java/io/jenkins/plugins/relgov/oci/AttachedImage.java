package io.jenkins.plugins.relgov.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image cosign keeps beside a signed image under the tag {@code sha256-<hex>.sig} (signatures) or
 * {@code .att} (attestations): an OCI image manifest whose every layer is one signature or attestation, with an
 * image config that lists the layers' digests ({@code rootfs.diff_ids}) and one {@code history} entry each, as
 * go-containerregistry's {@code mutate.Append} onto {@code empty.Image} writes them. Appending keeps every layer
 * already there, byte for byte, and the manifest's and config's other fields.
 */
final class AttachedImage {
    /** What cosign allows on one such image. */
    static final int MAX_LAYERS = 1000;

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final long MAX_CONFIG_BYTES = 4L << 20;
    /** How often an addition lost to a concurrent writer or a transient failure is tried again. */
    static final int WRITE_ATTEMPTS = 5;

    private static final Duration MIN_SETTLE = Duration.ofMillis(200);
    private static final Duration MAX_SETTLE = Duration.ofSeconds(10);
    /** Go's zero time, which go-containerregistry writes as the created time of the image and of each layer. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A layer as the manifest describes it. */
    record Layer(String mediaType, String digest, long size, Map<String, String> annotations) {
        String annotation(String key) {
            return annotations.get(key);
        }
    }

    private final ObjectNode manifest;
    /** Read from the registry only to append: verifying needs the layers alone. */
    private ObjectNode config;

    private final RegistryClient source;
    private final String name;
    private final Map<String, byte[]> newBlobs = new LinkedHashMap<>();

    private AttachedImage(ObjectNode manifest, ObjectNode config, RegistryClient source, String name) {
        this.manifest = manifest;
        this.config = config;
        this.source = source;
        this.name = name;
    }

    /** An image with no layers yet, as cosign starts one (OCI media types). */
    static AttachedImage empty() {
        ObjectNode config = JSON.createObjectNode()
                .put("architecture", "")
                .put("created", ZERO_TIME)
                .put("os", "");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        config.putObject("config");
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", OCI_CONFIG);
        manifest.putArray("layers");
        return new AttachedImage(manifest, config, null, "new");
    }

    /** The image tagged {@code tag}, or null when the tag does not exist. */
    static AttachedImage read(RegistryClient client, String tag) {
        RegistryClient.Manifest m = client.manifest(tag);
        if (m == null) {
            return null;
        }
        ObjectNode manifest = object(m.bytes(), client.name() + ":" + tag);
        String type = manifest.path("mediaType").asText(m.mediaType());
        if (!(type.equals(OCI_MANIFEST) || type.equals(DOCKER_MANIFEST))
                || !manifest.path("layers").isArray()
                || !manifest.path("config").isObject()) {
            throw new RegistryException(
                    client.name() + ":" + tag + " is a " + (type.isEmpty() ? "document without media type" : type)
                            + ", not an image manifest of signatures; refusing to use or overwrite it");
        }
        if (manifest.path("layers").size() > MAX_LAYERS) {
            throw new RegistryException(client.name() + ":" + tag + " has more than " + MAX_LAYERS + " layers");
        }
        return new AttachedImage(manifest, null, client, client.name() + ":" + tag);
    }

    private ObjectNode config() {
        if (config == null) {
            String digest = manifest.path("config").path("digest").asText("");
            if (!digest.matches("sha256:[0-9a-f]{64}")) {
                throw new RegistryException(name + ": the config digest is not sha256");
            }
            config = object(source.blob(digest, MAX_CONFIG_BYTES), name + " config " + digest);
        }
        return config;
    }

    private static ObjectNode object(byte[] bytes, String what) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new RegistryException(what + " is not a JSON object");
    }

    List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            Map<String, String> ann = new LinkedHashMap<>();
            l.path("annotations")
                    .fields()
                    .forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText("")));
            out.add(new Layer(
                    l.path("mediaType").asText(""),
                    l.path("digest").asText(""),
                    l.path("size").asLong(-1),
                    ann));
        }
        return out;
    }

    /** Adds {@code content} as the last layer, with its annotations (in the order given). */
    AttachedImage append(byte[] content, String mediaType, Map<String, String> annotations) {
        if (manifest.path("layers").size() >= MAX_LAYERS) {
            throw new IllegalStateException("the image already holds " + MAX_LAYERS + " layers, cosign's limit");
        }
        String digest = RegistryClient.sha256(content);
        newBlobs.put(digest, content.clone());
        ObjectNode layer = ((ArrayNode) manifest.get("layers"))
                .addObject()
                .put("mediaType", mediaType)
                .put("size", content.length)
                .put("digest", digest);
        ObjectNode ann = layer.putObject("annotations");
        annotations.forEach(ann::put);
        ObjectNode config = config();
        ObjectNode rootfs = config.has("rootfs") && config.get("rootfs").isObject()
                ? (ObjectNode) config.get("rootfs")
                : config.putObject("rootfs").put("type", "layers");
        // an uncompressed layer's diff id is its digest
        (rootfs.get("diff_ids") instanceof ArrayNode ids ? ids : rootfs.putArray("diff_ids")).add(digest);
        ArrayNode history = config.get("history") instanceof ArrayNode h ? h : insertHistory();
        history.addObject().put("created", ZERO_TIME);
        return this;
    }

    /** go-containerregistry writes {@code history} after {@code created}; keep that order in a config that has none yet. */
    private ArrayNode insertHistory() {
        ObjectNode copy = JSON.createObjectNode();
        ArrayNode history = JSON.createArrayNode();
        config.fields().forEachRemaining(e -> {
            copy.set(e.getKey(), e.getValue());
            if (e.getKey().equals("created")) {
                copy.set("history", history);
            }
        });
        if (!copy.has("history")) {
            copy.set("history", history);
        }
        config.removeAll();
        config.setAll(copy);
        return history;
    }

    /** Something to add under a tag, and how to recognise it there. */
    interface Addition {
        /** The layer that already stands for this addition in {@code image}, or null. */
        Layer find(AttachedImage image);

        /** Appends it to {@code image}. */
        void appendTo(AttachedImage image);
    }

    /** The layer that stands for an addition, and whether this call wrote it. */
    record Stored(Layer layer, boolean added) {}

    /**
     * Adds to the image tagged {@code tag} unless it is there, keeping every layer already there, and makes sure it
     * stays. A registry has no compare-and-swap for tags: another writer that read the tag before this write puts a
     * manifest without this layer after it. So after writing this waits for about twice as long as its own read and
     * write took (a racing writer takes about as long) and reads again, appending again when the layer is gone; a
     * transient failure (a registry still committing a concurrently uploaded blob) is retried the same way.
     */
    static Stored add(RegistryClient client, String tag, Addition addition) {
        RegistryException last = null;
        boolean wrote = false;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            long started = System.nanoTime();
            try {
                AttachedImage current = read(client, tag);
                Layer there = current == null ? null : addition.find(current);
                if (there != null) {
                    return new Stored(there, wrote);
                }
                AttachedImage next = current == null ? empty() : current;
                addition.appendTo(next);
                next.write(client, tag);
                wrote = true;
                settle(Duration.ofNanos(System.nanoTime() - started).multipliedBy(2));
                AttachedImage now = read(client, tag);
                there = now == null ? null : addition.find(now);
                if (there != null) {
                    return new Stored(there, true);
                }
                last = new RegistryException(client.name() + ":" + tag + " was rewritten by another writer " + attempt
                        + " time(s) while relgov added its layer");
            } catch (RegistryException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private static void settle(Duration d) {
        long ms = Math.max(MIN_SETTLE.toMillis(), Math.min(MAX_SETTLE.toMillis(), d.toMillis()));
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while adding to the registry");
        }
    }

    /** Uploads the new layers and the config, then tags the manifest; returns the manifest's digest. */
    String write(RegistryClient client, String tag) {
        for (byte[] blob : newBlobs.values()) {
            client.upload(blob);
        }
        byte[] configBytes = config().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String configDigest = client.upload(configBytes);
        // size before digest, as Go writes a descriptor; keep any other config descriptor field after them
        ObjectNode cfg = (ObjectNode) manifest.get("config");
        ObjectNode ordered = JSON.createObjectNode()
                .put("mediaType", cfg.path("mediaType").asText(OCI_CONFIG))
                .put("size", configBytes.length)
                .put("digest", configDigest);
        cfg.fields().forEachRemaining(e -> ordered.putIfAbsent(e.getKey(), e.getValue()));
        manifest.set("config", ordered);
        byte[] manifestBytes = manifest.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return client.putManifest(tag, manifest.path("mediaType").asText(OCI_MANIFEST), manifestBytes);
    }
}
