package io.jenkins.plugins.relgov.evidence;

import java.util.HashSet;
import java.util.Set;

/** Every evidence file has the digest and size the ledger recorded, and nothing under evidence/ is unrecorded. */
final class EvidenceFilesCheck implements BundleCheck {

    @Override
    public String id() {
        return "evidence";
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        Set<String> recorded = new HashSet<>();
        int files = 0;
        int records = 0;
        for (LedgerView.EvidenceItem item : v.ledger.evidence()) {
            LedgerView.RecordedFile f = item.file();
            if (f == null) {
                records++;
                continue;
            }
            files++;
            recorded.add(f.entry());
            long seq = item.event().seq();
            BundleContents.Read r = v.recordedFile(f.entry(), seq, findings);
            if (r == null) {
                continue;
            }
            if (!r.sha256().equals(f.sha256())) {
                findings.problem(
                        f.entry(),
                        "sha256 differs from ledger seq " + seq + " (bundle " + r.sha256() + ", ledger " + f.sha256()
                                + ")");
            } else if (r.size() != f.size()) {
                findings.problem(f.entry(), "size differs from ledger seq " + seq);
            }
        }
        v.unrecordedUnder("evidence/", recorded, findings, "in the bundle but not recorded in the ledger");
        return files + " files match the ledger, " + records + " records in the ledger";
    }
}
