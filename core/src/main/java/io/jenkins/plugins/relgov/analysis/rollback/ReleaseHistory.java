package io.jenkins.plugins.relgov.analysis.rollback;

import java.util.List;
import java.util.Optional;

/** The releases of each environment, newest first. */
public interface ReleaseHistory {

    /** Releases to {@code environment}, newest first. */
    List<Deployment> releases(String environment);

    /**
     * The rollback target: the newest successful release to {@code environment} older than
     * {@code currentVersion} (deployed before its newest deployment; all releases when it is not in the history).
     */
    default Optional<Deployment> lastStable(String environment, String currentVersion) {
        List<Deployment> list = releases(environment);
        int current = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).version().equals(currentVersion)) {
                current = i;
                break;
            }
        }
        return list.subList(current + 1, list.size()).stream()
                .filter(r -> r.outcome() == Deployment.Outcome.SUCCESSFUL)
                .filter(r -> !r.version().equals(currentVersion))
                .findFirst();
    }
}
