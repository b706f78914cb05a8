package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every file in the bundle is listed in the manifest with its digest and size, and every listed file is there. */
final class ManifestCheck implements BundleCheck {
    /** The seal's own files: the manifest cannot list its own digest, nor the seal over it. */
    private static final Set<String> SEAL_FILES =
            Set.of(SealedBundle.MANIFEST, SealedBundle.SEAL, SealedBundle.SEAL_SIG, SealedBundle.SEAL_SIGSTORE);

    @Override
    public String id() {
        return "manifest";
    }

    @Override
    public String cannotRun(Verification v) {
        return v.blocked;
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        JsonNode m;
        try {
            m = LedgerEvent.JSON.readTree(v.contents.get(SealedBundle.MANIFEST).bytes());
        } catch (IOException e) {
            findings.problem(SealedBundle.MANIFEST, "not valid JSON");
            return "";
        }
        if (m == null
                || !SealedBundle.FORMAT.equals(m.path("format").asText())
                || !m.path("files").isArray()) {
            findings.problem(SealedBundle.MANIFEST, "not a " + SealedBundle.FORMAT + " manifest");
            return "";
        }
        v.manifest = m;
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        for (JsonNode f : m.get("files")) {
            String path = f.path("path").asText();
            if (listed.put(path, f) != null) {
                findings.problem(SealedBundle.MANIFEST, "lists " + path + " twice");
            }
            BundleContents.Read r = v.contents.get(path);
            if (r == null) {
                findings.problem(path, "listed in manifest.json but missing from the bundle");
            } else if (!r.sha256().equals(f.path("sha256").asText())) {
                findings.problem(
                        path,
                        "sha256 " + r.sha256() + " differs from manifest.json ("
                                + f.path("sha256").asText() + ")");
            } else if (r.size() != f.path("size").asLong(-1)) {
                findings.problem(
                        path,
                        "size " + r.size() + " differs from manifest.json ("
                                + f.path("size").asText() + ")");
            }
        }
        for (String name : v.contents.names()) {
            if (!SEAL_FILES.contains(name) && !listed.containsKey(name)) {
                findings.problem(name, "in the bundle but not listed in manifest.json");
            }
        }
        return listed.size() + " files, every sha256 and size matches";
    }
}
